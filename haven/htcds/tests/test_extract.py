"""The ODS reader expands repeated cells and keeps a cell's paragraphs apart."""

import zipfile

from haven.htcds.extract import normalise, read_ods_rows

CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
  xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
<office:body><office:spreadsheet><table:table table:name="Sheet1">
  <table:table-row>
    <table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell>
    <table:table-cell table:number-columns-repeated="3"/>
    <table:table-cell><text:p>A</text:p><text:p>B<text:s text:c="2"/>C</text:p></table:table-cell>
    <table:table-cell table:number-columns-repeated="16000"/>
  </table:table-row>
  <table:table-row table:number-rows-repeated="1000000">
    <table:table-cell table:number-columns-repeated="16384"/>
  </table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>
"""


def test_repeated_cells_and_paragraphs(tmp_path):
    path = tmp_path / "sheet.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", CONTENT)
    assert read_ods_rows(path) == [[("x",), ("x",), (), (), (), ("A", "B  C")]]


def test_normalise_ignores_underscores_and_case():
    assert normalise("vic_Methods_of_Control") == normalise("vic_MethodsOfControl")
