"""Guidance detection and strength measured on labelled sentences from the real sample
documents (HAVEN_CORPUS_SAMPLES_DIR; skipped without them, a failure under CI=true).

Each label names a sentence by document, paragraph locator and sentence index (as
`classify.sentences` cuts the paragraph), with the first 8 hex digits of its SHA-256 so that
a change in extraction cannot silently shift a label onto another sentence; the text itself
is read from the samples at test time, never stored here. The label is the strength a reader
gives the sentence ("should", "consider", "must"), or "" when it is not guidance: a
description, a State's reply, "made a recommendation" without its content, a disclaimer.
Labelled by reading each sentence, before the rules were tuned.

Five sets, each measured apart: LABELS (150, in-sample: the first rules were written after
reading them), HELD_OUT (28, labelled after those rules), TUNING_1 (labelled before the second
round of rules and used to write them), TUNING_2 (labelled with TUNING_1 and fresh in round 2;
its errors then wrote the third round) and FRESH (labelled before the third round from
material no other set uses, then not looked at while the rules changed: the honest
out-of-sample figure). The sets after the first come from documents and sections the first
two did not use, chosen for hard cases: reported speech ("CAT invited the country to", "AI
recommended to"), nouns ("the recommendations of the ILO", "requirements"), a national report
or a State's reply describing its own law ("each authority must have", "procedures must be
quick": not guidance, the State is not recommending), a State encouraging NGOs, a purpose
clause ("To raise awareness, the Ministry informs"), UPR recommendations that open with an
adverb or an uncommon verb ("Measurably improve", "Heed the call", "Continued efforts"),
and the two Word matrices. A matrix sentence is named by its recommendation number
("115.25"): the text is the first line of the table's first cell, without the number, read
here with python-docx (not through ingestion, which may cut the cell differently).
"""

import hashlib
import re

import docx

from haven.corpus.actions import prepare
from haven.corpus.classify import UN, Voice, document_voice, sentence_strength, sentences
from haven.corpus.structure import plain_text
from haven.corpus.tests.sample_check import sample_pdfs, samples_dir

LABELS = [
    ("WG.6_34_SVN_2", "44", 0, "46a74d5d", "should"),
    ("WG.6_34_SVN_2", "44", 1, "220ebaf4", "should"),
    ("WG.6_34_SVN_2", "45", 0, "45d0f08e", ""),
    ("WG.6_34_SVN_2", "45", 1, "19222603", "should"),
    ("WG.6_34_SVN_2", "46", 0, "6c23c627", "should"),
    ("WG.6_34_SVN_2", "47", 0, "90d68cd9", ""),
    ("WG.6_34_SVN_2", "47", 1, "b688cf88", "should"),
    ("WG.6_34_SVN_2", "48", 0, "d420a87f", "should"),
    ("WG.6_34_SVN_2", "49", 0, "6296517f", "should"),
    ("WG.6_34_SVN_2", "50", 0, "5c0eafe7", ""),
    ("WG.6_34_SVN_2", "50", 1, "ed9a524b", "should"),
    ("WG.6_34_SVN_2", "51", 0, "07190ec5", ""),
    ("WG.6_34_SVN_2", "51", 1, "ffde59c8", ""),
    ("WG.6_34_SVN_2", "51", 2, "78f7024d", ""),
    ("14_15", "111.1", 0, "edc1902b", "consider"),
    ("14_15", "111.2", 0, "9e6d24a6", "should"),
    ("14_15", "111.3", 0, "641b8a28", "should"),
    ("14_15", "111.4", 0, "cf43e306", "should"),
    ("14_15", "111.5", 0, "ff596372", "should"),
    ("14_15", "111.6", 0, "4fb74fb0", "should"),
    ("14_15", "111.7", 0, "dd6ab021", "should"),
    ("14_15", "111.8", 0, "ae9fe03c", "should"),
    ("14_15", "111.9", 0, "bda3ee79", "should"),
    ("14_15", "111.10", 0, "0b947654", "should"),
    ("14_15", "111.11", 0, "da6b7795", "should"),
    ("14_15", "111.12", 0, "b756b6ca", "should"),
    ("14_15", "111.13", 0, "21b178a3", "should"),
    ("14_15", "111.14", 0, "295b9c99", "should"),
    ("14_15", "111.15", 0, "28d40c46", "should"),
    ("14_15", "111.16", 0, "7acf77a0", "should"),
    ("14_15", "111.17", 0, "6bc8b655", "should"),
    ("14_15", "111.18", 0, "90bec87c", "should"),
    ("14_15", "111.19", 0, "98708396", "should"),
    ("14_15", "111.20", 0, "195f15c2", "should"),
    ("14_15", "111.21", 0, "609684f3", "should"),
    ("14_15", "111.22", 0, "0c2ea482", "should"),
    ("14_15", "111.23", 0, "95e17b2e", "should"),
    ("14_15", "111.23", 1, "5e67b6a1", "should"),
    ("14_15", "111.24", 0, "64d039a7", "should"),
    ("14_15", "20", 0, "9874ba4f", ""),
    ("14_15", "20", 1, "43a87f28", ""),
    ("14_15", "21", 0, "aba0b0c4", ""),
    ("14_15", "21", 1, "6a748156", ""),
    ("14_15", "21", 2, "1bf398c1", ""),
    ("14_15", "22", 0, "3b1f7971", ""),
    ("14_15", "22", 1, "42bf0ad4", ""),
    ("14_15", "112", 0, "2a33f040", ""),
    ("14_15", "112", 1, "68015334", ""),
    ("WG.6_34_SVN_3", "23", 0, "60569c98", ""),
    ("WG.6_34_SVN_3", "23", 1, "ade77cb1", ""),
    ("WG.6_34_SVN_3", "23", 2, "ea31dd65", ""),
    ("WG.6_34_SVN_3", "23", 3, "8d9a8d01", "should"),
    ("WG.6_34_SVN_3", "23", 4, "58b00e15", "should"),
    # Digest taken after "7m²" stopped being read as footnote marker ² (the sentence keeps it).
    ("WG.6_34_SVN_3", "24", 0, "0417b0b9", "consider"),
    ("WG.6_34_SVN_3", "25", 0, "da02b618", "should"),
    ("WG.6_34_SVN_3", "25", 1, "4549fa57", "should"),
    ("WG.6_34_SVN_3", "26", 0, "f966929d", ""),
    ("WG.6_34_SVN_3", "26", 1, "16e16b05", "should"),
    ("WG.6_34_SVN_3", "27", 0, "8e845f54", ""),
    ("WG.6_34_SVN_3", "27", 1, "3756c33d", ""),
    ("WG.6_34_SVN_3", "27", 2, "91ad0d7b", "should"),
    ("WG.6_34_SVN_3", "27", 3, "9b05223a", ""),
    ("WG.6_34_SVN_3", "28", 0, "16e041de", "should"),
    ("WG.6_34_SVN_3", "28", 1, "bdb1e3af", "should"),
    ("WG.6_34_SVN_3", "29", 0, "a1f05184", ""),
    ("WG.6_34_SVN_3", "29", 1, "6337ee10", ""),
    ("WG.6_34_SVN_3", "29", 2, "529f9798", ""),
    ("WG.6_34_SVN_3", "29", 3, "26195f83", ""),
    ("WG.6_48_SVN_1", "20", 0, "61ebda5b", ""),
    ("WG.6_48_SVN_1", "20", 1, "310ce0ca", ""),
    ("WG.6_48_SVN_1", "21", 0, "9c725936", ""),
    ("WG.6_48_SVN_1", "21", 1, "7ec70dd7", ""),
    ("WG.6_48_SVN_1", "21", 2, "c31693a0", ""),
    ("WG.6_48_SVN_1", "21", 3, "cf4e6eb9", ""),
    ("WG.6_48_SVN_1", "22", 0, "d753f7b7", ""),
    ("WG.6_48_SVN_1", "22", 1, "ac0f34e6", ""),
    ("WG.6_48_SVN_1", "22", 2, "9b636a3c", ""),
    ("WG.6_48_SVN_1", "22", 3, "06565157", ""),
    ("WG.6_48_SVN_1", "23", 0, "a263836a", ""),
    ("WG.6_48_SVN_1", "23", 1, "46464aad", ""),
    ("WG.6_48_SVN_1", "24", 0, "9e92c54a", ""),
    ("WG.6_48_SVN_1", "25", 0, "4b869594", ""),
    ("43_15_Add.1", "3", 0, "9a55930c", ""),
    ("43_15_Add.1", "4", 0, "d9f56287", ""),
    ("43_15_Add.1", "4", 1, "c6dd9bc5", ""),
    ("43_15_Add.1", "122.11", 0, "b7050273", ""),
    ("43_15_Add.1", "122.11", 1, "e00487e5", ""),
    ("43_15_Add.1", "122.20", 0, "fd39162b", ""),
    ("43_15_Add.1", "122.20", 1, "df22d6d1", ""),
    ("43_15_Add.1", "122.23–24", 0, "c8b9a558", ""),
    ("43_15_Add.1", "122.23–24", 1, "6ee33afd", ""),
    ("43_15_Add.1", "122.86", 0, "ffe6861c", ""),
    ("43_15_Add.1", "122.86", 1, "c12e9b48", ""),
    ("43_15_Add.1", "122.97", 0, "9c9c7f91", ""),
    ("43_15_Add.1", "122.97", 1, "e6ee449d", ""),
    ("43_15_Add.1", "122.97", 2, "4121f141", ""),
    ("WG.6_34_SVN_2", "55", 0, "ba4c1c18", "should"),
    ("WG.6_34_SVN_2", "55", 1, "fc05ab88", "should"),
    ("WG.6_34_SVN_2", "56", 0, "c20fdcad", ""),
    ("WG.6_34_SVN_2", "56", 1, "55e321fc", ""),
    ("WG.6_34_SVN_2", "56", 2, "bcb73d68", ""),
    ("WG.6_34_SVN_2", "56", 3, "bcef39c5", ""),
    ("WG.6_34_SVN_2", "57", 0, "1826c46c", "should"),
    ("WG.6_34_SVN_2", "57", 1, "c3014342", ""),
    ("WG.6_34_SVN_2", "57", 2, "7301efc6", "should"),
    ("WG.6_34_SVN_2", "58", 0, "2a377b4e", ""),
    ("WG.6_34_SVN_2", "58", 1, "2cd60699", ""),
    ("WG.6_34_SVN_2", "58", 2, "f4954a9b", "should"),
    ("WG.6_34_SVN_2", "59", 0, "a597fc72", ""),
    ("WG.6_34_SVN_2", "59", 1, "742e912e", "should"),
    ("WG.6_34_SVN_2", "59", 2, "b22f61ea", "should"),
    ("WG.6_34_SVN_2", "60", 0, "064ba049", ""),
    ("WG.6_34_SVN_2", "60", 1, "4a462319", ""),
    ("WG.6_34_SVN_2", "60", 2, "0009e7bb", "should"),
    ("WG.6_34_SVN_2", "61", 0, "05d4a144", ""),
    ("WG.6_20_SVN_3", "40", 0, "441bbc05", ""),
    ("WG.6_20_SVN_3", "40", 1, "89c088e4", ""),
    ("WG.6_20_SVN_3", "40", 2, "5eeb3a83", ""),
    ("WG.6_20_SVN_3", "40", 3, "e720cad1", ""),
    ("WG.6_20_SVN_3", "41", 0, "f1322ed9", "should"),
    ("WG.6_20_SVN_3", "42", 0, "5923a4b9", ""),
    ("WG.6_20_SVN_3", "42", 1, "6ab728ef", "should"),
    ("WG.6_20_SVN_3", "42", 2, "064838b2", "consider"),
    ("WG.6_20_SVN_3", "43", 0, "a255f991", "consider"),
    ("WG.6_20_SVN_3", "43", 1, "5ba9e449", "consider"),
    ("WG.6_20_SVN_3", "44", 0, "8da885b5", ""),
    ("WG.6_20_SVN_3", "45", 0, "d0bac9de", "should"),
    ("WG.6_20_SVN_3", "46", 0, "d1ac80a3", ""),
    ("WG.6_20_SVN_3", "47", 0, "be8482f8", ""),
    ("WG.6_34_SVN_1", "86", 0, "27a7d066", ""),
    ("WG.6_34_SVN_1", "87", 0, "bcdc9d6e", ""),
    ("WG.6_34_SVN_1", "87", 1, "f355783f", ""),
    ("WG.6_34_SVN_1", "88", 0, "3626ac75", ""),
    ("WG.6_34_SVN_1", "88", 1, "bb115cd4", ""),
    ("WG.6_34_SVN_1", "88", 2, "8fa84cdf", ""),
    ("WG.6_34_SVN_1", "88", 3, "0d9e59ef", ""),
    ("WG.6_34_SVN_1", "88", 4, "407736e2", ""),
    ("WG.6_34_SVN_1", "88", 5, "5f1f217f", ""),
    ("WG.6_34_SVN_1", "89", 0, "75aec945", ""),
    ("WG.6_34_SVN_1", "89", 1, "ca6f6f56", ""),
    ("WG.6_34_SVN_1", "90", 0, "92877d65", ""),
    ("WG.6_34_SVN_1", "90", 1, "39e7674f", ""),
    ("WG.6_34_SVN_1", "90", 2, "afd50b1a", ""),
    ("WG.6_34_SVN_1", "90", 3, "79d55992", ""),
    ("WG.6_34_SVN_1", "90", 4, "67d3e224", ""),
    ("WG.6_34_SVN_1", "90", 5, "74977e0b", ""),
    ("WG.6_34_SVN_1", "90", 6, "d06a6fcf", ""),
    ("WG.6_34_SVN_1", "90", 7, "77c7623e", ""),
    ("WG.6_34_SVN_1", "91", 0, "0a10dc7d", ""),
    ("WG.6_34_SVN_1", "91", 1, "3d48abde", ""),
]

# Labelled after the rules were written and not used to tune them: the out-of-sample check.
HELD_OUT = [
    ("WG.6_34_SVN_2", "62", 0, "0c2c8e22", ""),
    ("WG.6_34_SVN_2", "62", 1, "70855287", ""),
    ("WG.6_34_SVN_2", "62", 2, "c5d39260", ""),
    ("WG.6_34_SVN_2", "63", 0, "4d4456da", ""),
    ("WG.6_34_SVN_2", "63", 1, "38118c9d", ""),
    ("WG.6_34_SVN_2", "63", 2, "1b794999", ""),
    ("WG.6_34_SVN_2", "64", 0, "b88b5894", ""),
    ("WG.6_34_SVN_2", "64", 1, "9cb6736a", ""),
    ("WG.6_34_SVN_2", "64", 2, "5333a369", ""),
    ("WG.6_34_SVN_2", "65", 0, "52c3d7fe", "should"),
    ("WG.6_34_SVN_2", "65", 1, "8441c08f", "should"),
    ("WG.6_34_SVN_2", "65", 2, "6da4287f", "should"),
    ("14_15", "111.60", 0, "e04f5baf", "should"),
    ("14_15", "111.61", 0, "b5e9666e", "should"),
    ("14_15", "111.62", 0, "f831fa1e", "should"),
    ("14_15", "111.63", 0, "99db4442", "should"),
    ("14_15", "111.64", 0, "960f78ee", "should"),
    ("14_15", "111.65", 0, "b30b96e5", "should"),
    ("14_15", "111.66", 0, "1c0ddcb6", "should"),
    ("14_15", "111.67", 0, "0ce2b973", "should"),
    ("14_15", "111.68", 0, "59680022", "should"),
    ("14_15", "111.69", 0, "2dd24a8a", "should"),
    ("WG.6_20_SVN_2", "20", 0, "9941479d", "should"),
    ("WG.6_20_SVN_2", "20", 1, "a0727636", "should"),
    ("WG.6_20_SVN_2", "21", 0, "f84b768c", ""),
    ("WG.6_20_SVN_2", "22", 0, "f21d88b9", ""),
    ("WG.6_20_SVN_2", "22", 1, "1a0cd708", "should"),
    ("WG.6_20_SVN_2", "23", 0, "ed128cfa", "should"),
]


# Tuning 1: labelled before the second round of rules and used to write them.
TUNING_1 = [
    ("WG.6_20_SVN_2", "1", 0, "111c1090", "consider"),
    ("WG.6_20_SVN_2", "1", 1, "e4a08945", "consider"),
    ("WG.6_20_SVN_2", "1", 2, "6f1052db", "should"),
    ("WG.6_20_SVN_2", "2", 0, "82973efc", "should"),
    ("WG.6_20_SVN_2", "3", 0, "ea560a57", ""),
    ("WG.6_20_SVN_2", "4", 0, "e989e86a", ""),
    ("WG.6_20_SVN_2", "4", 1, "149add11", "should"),
    ("WG.6_20_SVN_2", "5", 0, "d3db1dc7", "should"),
    ("WG.6_20_SVN_2", "5", 1, "4dc82134", "should"),
    ("WG.6_20_SVN_2", "6", 0, "91fb60e6", ""),
    ("WG.6_20_SVN_2", "6", 1, "b1a73b62", "should"),
    ("WG.6_20_SVN_2", "7", 0, "30c42c3d", ""),
    ("WG.6_20_SVN_2", "8", 0, "d8203fe0", ""),
    ("WG.6_20_SVN_2", "9", 0, "4e603e20", ""),
    ("WG.6_20_SVN_2", "9", 1, "efda45c2", "should"),
    ("WG.6_20_SVN_2", "9", 2, "c264088c", "should"),
    ("WG.6_20_SVN_2", "10", 0, "255715db", ""),
    ("WG.6_20_SVN_2", "11", 0, "b630acba", "should"),
    ("WG.6_20_SVN_2", "11", 1, "ba401d45", "should"),
    ("WG.6_20_SVN_2", "12", 0, "d9a37191", "should"),
    ("WG.6_20_SVN_2", "12", 1, "f94afe77", ""),
    ("WG.6_20_SVN_2", "12", 2, "b1731081", "should"),
    ("WG.6_20_SVN_2", "13", 0, "fc29bd73", "should"),
    ("WG.6_20_SVN_2", "14", 0, "1f059ff1", ""),
    ("WG.6_20_SVN_2", "14", 1, "31a3a2e3", "consider"),
    ("WG.6_20_SVN_2", "14", 2, "7ba0936c", "should"),
    ("WG.6_20_SVN_2", "15", 0, "7406eb61", ""),
    ("WG.6_20_SVN_2", "16", 0, "02cf8ead", ""),
    ("WG.6_20_SVN_2", "16", 1, "244fef54", ""),
    ("WG.6_20_SVN_2", "17", 0, "b765e2d7", "should"),
    ("WG.6_20_SVN_2", "17", 1, "2e1ccfc8", "should"),
    ("WG.6_20_SVN_2", "17", 2, "c0438920", "should"),
    ("WG.6_20_SVN_2", "18", 0, "040a99e6", ""),
    ("WG.6_20_SVN_2", "19", 0, "b182fde5", ""),
    ("WG.6_20_SVN_2", "19", 1, "aa3a0dbf", "should"),
    ("WG.6_20_SVN_2", "24", 0, "75ef9325", "should"),
    ("WG.6_20_SVN_2", "25", 0, "48ddb805", ""),
    ("WG.6_20_SVN_2", "25", 1, "f5ab3f05", "should"),
    ("WG.6_20_SVN_2", "25", 2, "c421dd02", "should"),
    ("WG.6_20_SVN_2", "25", 3, "6237a222", "should"),
    ("WG.6_20_SVN_2", "25", 4, "6a754a3f", ""),
    ("WG.6_20_SVN_2", "26", 0, "35838379", ""),
    ("WG.6_20_SVN_2", "26", 1, "25e931a9", "should"),
    ("WG.6_20_SVN_2", "26", 2, "f7f6550b", "should"),
    ("WG.6_20_SVN_2", "27", 0, "5f6f8cf5", ""),
    ("WG.6_20_SVN_2", "27", 1, "19775c9b", ""),
    ("WG.6_20_SVN_2", "27", 2, "ed36708a", "should"),
    ("WG.6_20_SVN_2", "27", 3, "676660eb", "should"),
    ("WG.6_20_SVN_2", "28", 0, "74de482b", ""),
    ("WG.6_20_SVN_2", "28", 1, "021b0a21", "should"),
    ("WG.6_20_SVN_2", "29", 0, "f10b6446", "should"),
    ("WG.6_20_SVN_2", "29", 1, "9e41daaf", "should"),
    ("WG.6_20_SVN_2", "30", 0, "839af70c", "should"),
    ("WG.6_20_SVN_2", "30", 1, "253419e8", "should"),
    ("WG.6_20_SVN_2", "30", 2, "ad9becc3", "should"),
    ("WG.6_20_SVN_2", "30", 3, "87c67a34", "should"),
    ("WG.6_20_SVN_2", "31", 0, "d7a694c0", "should"),
    ("WG.6_20_SVN_2", "32", 0, "7288d949", "should"),
    ("WG.6_20_SVN_2", "32", 1, "76e1f871", "should"),
    ("WG.6_20_SVN_2", "33", 0, "90138d55", "should"),
    ("WG.6_20_SVN_2", "34", 0, "c9533e96", "should"),
    ("WG.6_20_SVN_2", "35", 0, "0fd022ef", ""),
    ("WG.6_20_SVN_2", "36", 0, "97774338", ""),
    ("WG.6_20_SVN_2", "36", 1, "80326876", "should"),
    ("WG.6_20_SVN_2", "37", 0, "39d5905d", ""),
    ("WG.6_20_SVN_2", "37", 1, "afa2770f", ""),
    ("WG.6_20_SVN_3", "1", 1, "ea2d8532", "should"),
    ("WG.6_20_SVN_3", "2", 1, "00a32a61", ""),
    ("WG.6_20_SVN_3", "3", 1, "611a96ae", ""),
    ("WG.6_20_SVN_3", "9", 0, "92c977f1", ""),
    ("WG.6_20_SVN_3", "9", 1, "b9d31e28", ""),
    ("WG.6_20_SVN_3", "10", 0, "c642618a", "should"),
    ("WG.6_20_SVN_3", "11", 0, "dfc6db1a", "should"),
    ("WG.6_20_SVN_3", "11", 1, "bd2972b4", "should"),
    ("WG.6_20_SVN_3", "12", 0, "75f11dbb", ""),
    ("WG.6_20_SVN_3", "13", 1, "e77d0da9", ""),
    ("WG.6_20_SVN_3", "14", 0, "b4f44242", ""),
    ("WG.6_20_SVN_3", "14", 2, "1b825c96", "should"),
    ("WG.6_20_SVN_3", "16", 0, "497c9554", ""),
    ("WG.6_20_SVN_3", "17", 0, "7fcc2d85", "should"),
    ("WG.6_20_SVN_3", "18", 0, "c5d0856f", "should"),
    ("WG.6_20_SVN_3", "18", 1, "1472d091", "should"),
    ("WG.6_20_SVN_3", "18", 2, "2cb34949", "consider"),
    ("WG.6_20_SVN_3", "19", 1, "c3eebd93", ""),
    ("WG.6_20_SVN_1", "2", 5, "a4139af9", ""),
    ("WG.6_20_SVN_1", "33", 2, "3c036458", ""),
    ("WG.6_20_SVN_1", "37", 1, "5d5ae734", ""),
    ("WG.6_20_SVN_1", "47", 0, "7f225c6c", ""),
    ("WG.6_20_SVN_1", "48", 1, "afe43fb7", ""),
    ("WG.6_20_SVN_1", "48", 2, "8133e64f", ""),
    ("WG.6_20_SVN_1", "64", 3, "f01f0867", ""),
    ("WG.6_20_SVN_1", "70", 1, "885b2086", ""),
    ("WG.6_20_SVN_1", "71", 2, "07416026", ""),
    ("WG.6_20_SVN_1", "77", 3, "c2a61ca7", ""),
    ("WG.6_20_SVN_1", "87", 0, "c7c2b069", ""),
    ("WG.6_20_SVN_1", "90", 0, "e7bd748c", ""),
    ("WG.6_20_SVN_1", "100", 1, "8565abdc", ""),
    ("UPR20", "115.1", 0, "96d6436c", "should"),
    ("UPR20", "115.2", 0, "e469287c", "should"),
    ("UPR20", "115.5", 0, "296b1d34", "should"),
    ("UPR20", "115.133", 0, "0847ca58", "consider"),
    ("UPR20", "115.43", 0, "7a38efb4", "should"),
    ("UPR20", "115.94", 0, "a3c39bb8", "should"),
    ("UPR20", "115.95", 0, "750960ba", "should"),
    ("UPR20", "115.31", 0, "4d719279", "should"),
    ("UPR20", "115.35", 0, "d73f2d4c", "should"),
    ("UPR20", "115.37", 0, "20b43305", "should"),
    ("UPR20", "115.57", 0, "7572f93b", "should"),
    ("UPR20", "115.70", 0, "6c9930ed", "should"),
    ("UPR20", "115.73", 0, "2b1b8132", "should"),
    ("UPR20", "115.72", 0, "542b1502", "should"),
    ("UPR20", "115.93", 0, "0dc38beb", "should"),
    ("UPR20", "115.96", 0, "2e75f1c9", "should"),
    ("UPR20", "115.125", 0, "512e2c71", "should"),
    ("UPR20", "115.107", 0, "fd683222", "should"),
    ("UPR20", "115.161", 0, "489cfd80", "should"),
    ("UPR20", "115.136", 0, "b2dc42ce", "should"),
    ("UPR20", "115.101", 0, "7b52cdaa", "should"),
    ("UPR20", "115.20", 0, "552a2914", "should"),
    ("UPR20", "115.115", 0, "686962f2", "should"),
    ("UPR20", "115.155", 0, "18c818e1", "should"),
    ("UPR20", "115.159", 0, "7150a3f8", "should"),
    ("UPR20", "115.97", 0, "ce10c1ac", "should"),
    ("UPR20", "115.25", 0, "dc749332", "should"),
    ("UPR20", "115.156", 0, "d5a2b349", "should"),
    ("UPR20", "115.17", 0, "4bc3ca18", "should"),
]

# Tuning 2 (was fresh in round 1): labelled with TUNING_1 and not looked at while the second
# round of rules was written; its errors, read after that measurement, wrote the third round.
TUNING_2 = [
    ("WG.6_34_SVN_2", "2", 0, "6a6cded9", "should"),
    ("WG.6_34_SVN_2", "2", 1, "93f109ee", "should"),
    ("WG.6_34_SVN_2", "3", 0, "aab18ab9", ""),
    ("WG.6_34_SVN_2", "4", 0, "6ffa7467", ""),
    ("WG.6_34_SVN_2", "5", 0, "f6ebada4", "should"),
    ("WG.6_34_SVN_2", "5", 1, "e6d3f3fc", ""),
    ("WG.6_34_SVN_2", "6", 0, "97ec9635", ""),
    ("WG.6_34_SVN_2", "6", 1, "f2a30d89", ""),
    ("WG.6_34_SVN_2", "7", 0, "04af299e", "should"),
    ("WG.6_34_SVN_2", "8", 0, "cced88ca", ""),
    ("WG.6_34_SVN_2", "8", 1, "101765be", "should"),
    ("WG.6_34_SVN_2", "8", 2, "0e3c207d", "should"),
    ("WG.6_34_SVN_2", "9", 0, "7d4e9259", ""),
    ("WG.6_34_SVN_2", "9", 1, "677ff2b7", ""),
    ("WG.6_34_SVN_2", "9", 2, "1bfcce7e", ""),
    ("WG.6_34_SVN_2", "10", 0, "a071756a", ""),
    ("WG.6_34_SVN_2", "10", 1, "ad0e3e53", ""),
    ("WG.6_34_SVN_2", "11", 0, "43d2be08", "should"),
    ("WG.6_34_SVN_2", "11", 1, "687322db", "should"),
    ("WG.6_34_SVN_2", "12", 0, "8c846507", ""),
    ("WG.6_34_SVN_2", "12", 1, "37d34765", "should"),
    ("WG.6_34_SVN_2", "13", 0, "f5637553", ""),
    ("WG.6_34_SVN_2", "14", 0, "49398520", "should"),
    ("WG.6_34_SVN_2", "14", 1, "d5d78530", "should"),
    ("WG.6_34_SVN_2", "15", 0, "dbfa8727", "consider"),
    ("WG.6_34_SVN_2", "15", 1, "3f5f1c5b", ""),
    ("WG.6_34_SVN_2", "16", 0, "1dfc6e93", "should"),
    ("WG.6_34_SVN_2", "16", 1, "ec763e0c", "should"),
    ("WG.6_34_SVN_2", "19", 1, "b380f2b3", "should"),
    ("WG.6_34_SVN_2", "21", 1, "3b7e58df", "consider"),
    ("WG.6_34_SVN_2", "22", 1, "ff044bdf", "should"),
    ("WG.6_34_SVN_2", "28", 2, "618f9255", "consider"),
    ("WG.6_34_SVN_2", "32", 0, "53ea299e", "should"),
    ("WG.6_34_SVN_2", "35", 1, "8b727f54", "should"),
    ("WG.6_34_SVN_2", "42", 2, "31d3911d", "should"),
    ("WG.6_34_SVN_2", "69", 1, "f40905fe", "consider"),
    ("WG.6_34_SVN_2", "IV.D.4.p10", 0, "eafc74fc", ""),
    ("WG.6_34_SVN_2", "77", 1, "052353ef", ""),
    ("WG.6_34_SVN_2", "73", 1, "94c2ca10", ""),
    ("WG.6_34_SVN_2", "67", 1, "2c50dc57", ""),
    ("WG.6_48_SVN_1", "8", 0, "1159b44e", ""),
    ("WG.6_48_SVN_1", "19", 0, "92f7c861", ""),
    ("WG.6_48_SVN_1", "19", 1, "60c85ead", ""),
    ("WG.6_48_SVN_1", "38", 4, "b03b2567", ""),
    ("WG.6_48_SVN_1", "38", 10, "0ff99cb3", ""),
    ("WG.6_48_SVN_1", "41", 1, "b7a52b9c", ""),
    ("WG.6_48_SVN_1", "43", 2, "05373f23", ""),
    ("WG.6_48_SVN_1", "81", 0, "87d0e254", ""),
    ("WG.6_48_SVN_1", "131", 0, "31bc140b", ""),
    ("WG.6_48_SVN_1", "138", 1, "5ff1b23e", ""),
    ("WG.6_34_SVN_1", "56", 0, "111a8342", ""),
    ("WG.6_34_SVN_1", "57", 0, "86a321e6", ""),
    ("WG.6_34_SVN_1", "60", 0, "25a3075c", ""),
    ("WG.6_34_SVN_1", "61", 1, "cc7adf71", ""),
    ("WG.6_34_SVN_1", "106", 0, "875b71a7", ""),
    ("WG.6_34_SVN_3", "2", 0, "5f0f3c72", ""),
    ("WG.6_34_SVN_3", "3", 1, "2348bb4a", "should"),
    ("WG.6_34_SVN_3", "7", 2, "4b9662c6", "consider"),
    ("WG.6_34_SVN_3", "14", 0, "b9fae2c9", "should"),
    ("WG.6_34_SVN_3", "17", 0, "70e4f1ec", "should"),
    ("WG.6_34_SVN_3", "19", 0, "c6a0a0eb", "should"),
    ("WG.6_34_SVN_3", "30", 0, "6ee06b0e", "should"),
    ("WG.6_34_SVN_3", "36", 0, "1261624e", "consider"),
    ("WG.6_34_SVN_3", "38", 2, "a17f87cd", "should"),
    ("WG.6_34_SVN_3", "39", 1, "887f7814", "should"),
    ("WG.6_34_SVN_3", "43", 1, "fbe5451d", "should"),
    ("WG.6_34_SVN_3", "45", 0, "819dc8ad", "consider"),
    ("UPR34", "121.1", 0, "c66f3e7e", "should"),
    ("UPR34", "121.2", 0, "1f492089", "should"),
    ("UPR34", "121.2", 1, "8cdc4ac3", "should"),
    ("UPR34", "122.63", 0, "4e89556a", "should"),
    ("UPR34", "122.136", 0, "25d9f9f1", "should"),
    ("UPR34", "121.4", 0, "e075c5b2", "should"),
    ("UPR34", "122.16", 0, "57888643", "consider"),
    ("UPR34", "121.10", 0, "ec957682", "should"),
    ("UPR34", "122.18", 0, "1c33af79", "should"),
    ("UPR34", "122.31", 0, "bc823497", "should"),
    ("UPR34", "122.47", 0, "5e3db65f", "should"),
    ("UPR34", "122.125", 0, "9e982bc9", "should"),
    ("UPR34", "122.146", 0, "47482e13", "should"),
    ("UPR34", "122.50", 0, "c2668e20", "should"),
    ("UPR34", "122.62", 0, "626b256e", "should"),
    ("UPR34", "121.20", 0, "c4eb7c82", "should"),
    ("UPR34", "122.109", 0, "7515f26e", "should"),
    ("UPR34", "122.61", 0, "558812f5", "should"),
    ("UPR34", "122.149", 0, "9bcff113", "should"),
    ("UPR34", "122.25", 0, "dc73fb43", "should"),
    ("UPR34", "122.12", 0, "971a3111", "should"),
]

# Fresh (round 3): labelled before the third round of rules from material no other set uses
# (WG.6/34/SVN/2 paras 17-43 and 66-78, A/HRC/14/15 111.25-59 and 111.70 onwards and its
# interactive dialogue, the rest of the UPR34 matrix, unused stakeholder and compilation
# paragraphs, and national-report, reply and decision sentences with "must", "need",
# "invited", "call" or a purpose clause "To ..., X"), then not looked at while the rules changed.
FRESH = [
    ("WG.6_34_SVN_2", "17", 0, "5a10c5f2", ""),
    ("WG.6_34_SVN_2", "18", 0, "31cb4200", ""),
    ("WG.6_34_SVN_2", "20", 0, "b6744d0c", ""),
    ("WG.6_34_SVN_2", "20", 1, "c5f840f7", ""),
    ("WG.6_34_SVN_2", "20", 2, "d913d694", "should"),
    ("WG.6_34_SVN_2", "20", 3, "a7a0add5", "should"),
    ("WG.6_34_SVN_2", "21", 0, "10839071", "should"),
    ("WG.6_34_SVN_2", "22", 0, "8f79f6ef", ""),
    ("WG.6_34_SVN_2", "23", 0, "96f7ba97", ""),
    ("WG.6_34_SVN_2", "23", 1, "24f52cf0", "should"),
    ("WG.6_34_SVN_2", "23", 2, "f078df47", "should"),
    ("WG.6_34_SVN_2", "24", 0, "2825b9f7", "should"),
    ("WG.6_34_SVN_2", "24", 1, "08983c5b", "should"),
    ("WG.6_34_SVN_2", "25", 0, "24ac19a2", ""),
    ("WG.6_34_SVN_2", "27", 0, "903a12b2", ""),
    ("WG.6_34_SVN_2", "28", 0, "3d6b7ae9", ""),
    ("WG.6_34_SVN_2", "28", 1, "570a08ea", ""),
    ("WG.6_34_SVN_2", "29", 0, "0b1945a3", ""),
    ("WG.6_34_SVN_2", "29", 1, "3e2b6cfc", "should"),
    ("WG.6_34_SVN_2", "29", 2, "9031a8be", "should"),
    ("WG.6_34_SVN_2", "31", 1, "cc1bbe42", "should"),
    ("WG.6_34_SVN_2", "34", 0, "0c3d1547", "should"),
    ("WG.6_34_SVN_2", "36", 1, "bc0dd7a9", ""),
    ("WG.6_34_SVN_2", "42", 0, "9485feb5", ""),
    ("WG.6_34_SVN_2", "42", 1, "10b04d6b", "should"),
    ("WG.6_34_SVN_2", "43", 1, "5134b83d", "should"),
    ("WG.6_34_SVN_2", "70", 1, "93003e8d", ""),
    ("WG.6_34_SVN_2", "70", 3, "eee86e31", ""),
    ("WG.6_34_SVN_2", "72", 0, "b71fef2d", "should"),
    ("WG.6_34_SVN_2", "73", 2, "5a5d696e", "should"),
    ("WG.6_34_SVN_2", "75", 0, "f524f6f8", ""),
    ("WG.6_34_SVN_2", "75", 3, "d0042d22", ""),
    ("WG.6_34_SVN_2", "76", 0, "0fce7724", ""),
    ("WG.6_34_SVN_2", "78", 0, "b42e71f3", "should"),
    ("14_15", "111.25", 0, "11b56b74", "should"),
    ("14_15", "111.32", 0, "8b7874b4", "should"),
    ("14_15", "111.46", 0, "22e0dc90", "should"),
    ("14_15", "111.54", 0, "de7a7127", "should"),
    ("14_15", "111.58", 0, "268dbb63", "should"),
    ("14_15", "111.59", 0, "fe4b67b5", "should"),
    ("14_15", "111.80", 0, "84941892", "should"),
    ("14_15", "111.85", 0, "68917f59", "should"),
    ("14_15", "111.87", 0, "bfebafac", "should"),
    ("14_15", "111.92", 0, "05d38759", "should"),
    ("14_15", "111.95", 0, "7ac5056e", "should"),
    ("14_15", "111.96", 0, "ddffa724", "consider"),
    ("14_15", "111.97", 0, "67617994", "should"),
    ("14_15", "57", 2, "0de4cb6c", ""),
    ("14_15", "59", 2, "423890dc", "should"),
    ("14_15", "60", 2, "6270e818", ""),
    ("14_15", "60", 3, "9409ff37", ""),
    ("14_15", "88", 0, "21a6d103", ""),
    ("14_15", "89", 0, "a76835b2", "should"),
    ("UPR34", "121.3", 0, "77ed5d17", "should"),
    ("UPR34", "122.14", 0, "46119b62", "should"),
    ("UPR34", "121.8", 0, "ff2b2768", "should"),
    ("UPR34", "122.17", 0, "95cfdf1b", "should"),
    ("UPR34", "122.126", 0, "7b62b76a", "should"),
    ("UPR34", "122.138", 0, "20042a4b", "should"),
    ("UPR34", "122.69", 0, "c242318d", "should"),
    ("UPR34", "122.21", 0, "e394e59f", "should"),
    ("UPR34", "122.29", 0, "7f52aa15", "should"),
    ("UPR34", "122.3", 1, "5b67eec4", "consider"),
    ("UPR34", "122.5", 0, "30b8c16c", "consider"),
    ("UPR34", "122.151", 0, "fc077773", "should"),
    ("UPR34", "121.28", 0, "7fab022f", "should"),
    ("UPR34", "122.59", 0, "5b957df6", "should"),
    ("WG.6_48_SVN_1", "7", 1, "bb7e3aad", ""),
    ("WG.6_48_SVN_1", "29", 0, "088ee761", ""),
    ("WG.6_48_SVN_1", "38", 6, "1a5b54f9", ""),
    ("WG.6_48_SVN_1", "38", 9, "904eb62b", ""),
    ("WG.6_48_SVN_1", "39", 2, "7e2bd53b", ""),
    ("WG.6_48_SVN_1", "48", 0, "5b82dbdc", ""),
    ("WG.6_48_SVN_1", "58", 1, "cd4e7428", ""),
    ("WG.6_48_SVN_1", "77", 2, "6c83ce9f", ""),
    ("WG.6_48_SVN_1", "80", 1, "0ccf78e8", ""),
    ("WG.6_48_SVN_1", "81", 1, "b2bf4aa9", ""),
    ("WG.6_48_SVN_1", "82", 0, "66eb07ff", ""),
    ("WG.6_48_SVN_1", "86", 2, "e6e2e422", ""),
    ("WG.6_48_SVN_1", "107", 2, "248be096", ""),
    ("WG.6_48_SVN_1", "126", 0, "68739c7d", ""),
    ("WG.6_34_SVN_1", "42", 1, "8d99601e", ""),
    ("WG.6_34_SVN_1", "45", 4, "fd04db53", ""),
    ("WG.6_34_SVN_1", "51", 0, "b3016e7b", ""),
    ("WG.6_34_SVN_1", "53", 1, "b8f7d450", ""),
    ("WG.6_34_SVN_1", "78", 7, "4d8f6075", ""),
    ("WG.6_34_SVN_1", "97", 0, "7fc27e1b", ""),
    ("WG.6_34_SVN_1", "s39.p1", 4, "b540ac65", ""),
    ("WG.6_20_SVN_1", "16", 1, "fd936785", ""),
    ("WG.6_20_SVN_1", "37", 0, "90dc7432", ""),
    ("WG.6_20_SVN_1", "82", 1, "2f6a9a29", ""),
    ("WG.6_20_SVN_1", "86", 1, "60afe8b3", ""),
    ("WG.6_20_SVN_1", "20", 0, "73105027", ""),
    ("43_15_Add.1", "2", 1, "49d3d524", ""),
    ("43_15_Add.1", "122.13", 0, "bd7ef980", ""),
    ("43_15_Add.1", "122.29", 0, "e118e1b4", ""),
    ("43_15_Add.1", "122.54", 1, "b1cb704a", ""),
    ("43_15_Add.1", "122.58", 0, "caacea08", ""),
    ("43_15_Add.1", "122.79–81", 0, "ef027f90", ""),
    ("43_15_Add.1", "122.99", 0, "d0db6e18", ""),
    ("43_15_Add.1", "122.157", 1, "910ef292", ""),
    ("43_15_Add.1", "122.140", 1, "9503230c", ""),
    ("43_15_Add.1", "5", 0, "79d811d1", ""),
    ("43_15_Add.1", "122.100", 1, "6ad69b34", ""),
    ("DEC_59_112", "s1.p1", 1, "e971beb5", ""),
    ("WG.6_34_SVN_3", "4", 0, "05f1ff8c", "should"),
    ("WG.6_34_SVN_3", "31", 0, "e7d92421", "should"),
    ("WG.6_34_SVN_3", "57", 0, "fa9c60bb", "should"),
    ("WG.6_34_SVN_3", "60", 0, "1c14e7ac", "consider"),
    ("WG.6_34_SVN_3", "62", 0, "30b4bfcd", "consider"),
    ("WG.6_34_SVN_3", "74", 0, "305a4a47", "should"),
    ("WG.6_34_SVN_3", "78", 0, "67f8ae6c", ""),
    ("WG.6_20_SVN_3", "22", 0, "6cea26a8", "should"),
    ("WG.6_20_SVN_3", "36", 0, "153fcbb6", "consider"),
    ("WG.6_20_SVN_3", "38", 0, "eeeb3546", "consider"),
    ("WG.6_20_SVN_3", "39", 2, "74102f33", "should"),
    ("WG.6_20_SVN_3", "56", 0, "a180db54", "should"),
    ("WG.6_20_SVN_3", "58", 0, "ecb92367", "should"),
    ("WG.6_20_SVN_3", "64", 0, "686395e1", "should"),
    ("WG.6_20_SVN_3", "67", 0, "ba599018", "should"),
    ("WG.6_20_SVN_2", "50", 0, "b4fa7715", "should"),
    ("WG.6_20_SVN_2", "53", 0, "f709a27d", "should"),
]

MATRICES = {"UPR20", "UPR34"}
RECOMMENDATION = re.compile(r"(\d{1,3}\.\d{1,3})\s+(.*)", re.DOTALL)


def _matrix(name):
    """Recommendation number -> its text, from an OHCHR thematic-list matrix (first row wins:
    a recommendation listed under two themes is the same text)."""
    table = docx.Document(str(samples_dir() / f"{name}_Slovenia_thematic_list.docx")).tables[0]
    found: dict[str, str] = {}
    for row in table.rows[1:]:
        paragraphs = row.cells[0].paragraphs
        match = RECOMMENDATION.match(paragraphs[0].text.strip()) if paragraphs else None
        if match:
            found.setdefault(match.group(1), match.group(2))
    return found


def _document(cache, doc):
    """The paragraphs by locator of a sample PDF and its voice, from the symbol and title
    ingestion reads on its first page (as an ingest would decide it)."""
    name = f"A_HRC_{doc}.pdf"
    if name not in cache:
        parsed = prepare(name, (samples_dir() / name).read_bytes())
        voice = document_voice(parsed.symbol, title=parsed.title)
        cache[name] = ({p.locator: p for p in parsed.paragraphs}, voice)
    return cache[name]


def _sentence(cache, doc, locator, index) -> tuple[str, Voice]:
    if doc in MATRICES:
        if doc not in cache:
            cache[doc] = _matrix(doc)
        # The matrix lists recommendations made by States.
        return sentences(cache[doc][locator])[index], UN
    paragraphs, voice = _document(cache, doc)
    return sentences(plain_text(paragraphs[locator].text))[index], voice


def _share(hits, total):
    return hits / total if total else 1.0


def _figures(cache, labels):
    detected = truly = both = strength_right = 0
    for doc, locator, index, digest, label in labels:
        sentence, voice = _sentence(cache, doc, locator, index)
        assert hashlib.sha256(sentence.encode()).hexdigest()[:8] == digest, (doc, locator, index)
        found = sentence_strength(sentence, voice=voice)
        detected += found is not None
        truly += bool(label)
        both += found is not None and bool(label)
        strength_right += found is not None and found[0] == label
    return (
        {
            "guidance precision": _share(both, detected),
            "guidance recall": _share(both, truly),
            "strength precision": _share(strength_right, detected),
            "strength recall": _share(strength_right, truly),
        },
        truly,
        detected,
    )


SETS = (
    ("in-sample", LABELS),
    ("old held-out", HELD_OUT),
    ("tuning 1", TUNING_1),
    ("tuning 2 (was fresh in round 1)", TUNING_2),
    ("fresh", FRESH),
    ("all", LABELS + HELD_OUT + TUNING_1 + TUNING_2 + FRESH),
)


def _meets_goals(figures):
    guidance = min(figures["guidance precision"], figures["guidance recall"])
    strength = min(figures["strength precision"], figures["strength recall"])
    return guidance >= 0.9 and strength >= 0.85


def test_guidance_and_strength_precision_and_recall_on_the_labelled_sample(capsys):
    sample_pdfs()
    cache: dict = {}
    measured = {}
    for name, labels in SETS:
        figures, truly, detected = _figures(cache, labels)
        measured[name] = figures
        with capsys.disabled():
            print(f"\n{name}: {len(labels)} sentences, {truly} guidance, {detected} detected")
            for key, value in figures.items():
                print(f"  {key:<20} {value:.3f}")
    assert len(LABELS) >= 150 and len(TUNING_1) >= 60 and len(TUNING_2) >= 50
    assert len(FRESH) >= 80
    # The fresh set's figures are reported whatever they are; the goals hold in-sample and
    # over all the labelled sentences.
    assert _meets_goals(measured["in-sample"]), measured["in-sample"]
    assert _meets_goals(measured["all"]), measured["all"]


def test_every_labelled_sentence_is_named_once():
    named = [label[:3] for _, labels in SETS[:-1] for label in labels]
    assert len(named) == len(set(named))
