"""The worker-facing words of the grievance pages, in the languages offered. Plain data: add a
language by adding a block with every key (a test checks that none is missing)."""

from haven.business.models import Category, Status

LANGUAGES = {"en": "English", "fr": "Français", "es": "Español"}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Report a problem at work",
        "intro": "You do not need an account and you do not have to give your name. "
        "Only the grievance team of {channel} can read this. It is never shared with the police "
        "or immigration. You will get a code to follow your report.",
        "category": "What is it about?",
        "description": "What happened?",
        "where": "Where (site, town) — optional",
        "contact": "How we can reach you — optional",
        "contact_help": "Leave this empty to stay anonymous. You can follow your report with "
        "your code.",
        "consent": "If it helps, you may pass my report to a support organisation",
        "submit": "Send my report",
        "your_code": "Your follow-up code",
        "keep_code": "Write this code down or take a photo of it. It is shown only once, and "
        "it is the only way to follow your report.",
        "follow_title": "Follow my report",
        "code": "Your code",
        "follow": "Show my report",
        "no_code": "We could not find a report with that code. Check it and try again.",
        "too_many": "Too many tries. Please wait an hour and try again.",
        "status": "Status",
        "deadline": "If it is not resolved by {date}, it goes to an independent body.",
        "replies": "Messages from the grievance team",
        "none_yet": "No message yet.",
        "add": "Add information",
        "retaliation": "I have been punished or threatened for reporting",
        "send": "Send",
        "sent": "Thank you. Your information was added.",
        "language": "Language",
    },
    "fr": {
        "title": "Signaler un problème au travail",
        "intro": "Vous n'avez pas besoin de compte ni de donner votre nom. Seule l'équipe "
        "de réclamations de {channel} peut lire ceci. Rien n'est transmis à la police ni à "
        "l'immigration. Vous recevrez un code pour suivre votre signalement.",
        "category": "De quoi s'agit-il ?",
        "description": "Que s'est-il passé ?",
        "where": "Où (site, ville) — facultatif",
        "contact": "Comment vous joindre — facultatif",
        "contact_help": "Laissez vide pour rester anonyme. Vous pouvez suivre votre "
        "signalement avec votre code.",
        "consent": "Si cela aide, vous pouvez transmettre mon signalement à une association d'aide",
        "submit": "Envoyer mon signalement",
        "your_code": "Votre code de suivi",
        "keep_code": "Notez ce code ou prenez-le en photo. Il n'est affiché qu'une fois et c'est "
        "le seul moyen de suivre votre signalement.",
        "follow_title": "Suivre mon signalement",
        "code": "Votre code",
        "follow": "Voir mon signalement",
        "no_code": "Aucun signalement ne correspond à ce code. Vérifiez-le et réessayez.",
        "too_many": "Trop d'essais. Attendez une heure et réessayez.",
        "status": "État",
        "deadline": "S'il n'est pas résolu le {date}, il sera transmis à un organisme indépendant.",
        "replies": "Messages de l'équipe",
        "none_yet": "Pas encore de message.",
        "add": "Ajouter une information",
        "retaliation": "J'ai été puni ou menacé pour avoir signalé",
        "send": "Envoyer",
        "sent": "Merci. Votre information a été ajoutée.",
        "language": "Langue",
    },
    "es": {
        "title": "Denunciar un problema en el trabajo",
        "intro": "No necesita una cuenta ni dar su nombre. Solo el equipo de quejas de "
        "{channel} puede leer esto. Nunca se comparte con la policía ni con migración. "
        "Recibirá un código para seguir su denuncia.",
        "category": "¿De qué se trata?",
        "description": "¿Qué pasó?",
        "where": "Dónde (lugar, ciudad) — opcional",
        "contact": "Cómo contactarle — opcional",
        "contact_help": "Déjelo vacío para seguir en el anonimato. Puede seguir su denuncia "
        "con su código.",
        "consent": "Si ayuda, pueden pasar mi denuncia a una organización de apoyo",
        "submit": "Enviar mi denuncia",
        "your_code": "Su código de seguimiento",
        "keep_code": "Anote este código o hágale una foto. Solo se muestra una vez y es la "
        "única forma de seguir su denuncia.",
        "follow_title": "Seguir mi denuncia",
        "code": "Su código",
        "follow": "Ver mi denuncia",
        "no_code": "No encontramos una denuncia con ese código. Revíselo e inténtelo de nuevo.",
        "too_many": "Demasiados intentos. Espere una hora e inténtelo de nuevo.",
        "status": "Estado",
        "deadline": "Si no se resuelve antes del {date}, pasará a un organismo independiente.",
        "replies": "Mensajes del equipo",
        "none_yet": "Todavía no hay mensajes.",
        "add": "Añadir información",
        "retaliation": "Me han castigado o amenazado por denunciar",
        "send": "Enviar",
        "sent": "Gracias. Su información se ha añadido.",
        "language": "Idioma",
    },
}

CATEGORIES: dict[str, dict[str, str]] = {
    "en": {c.value: c.label for c in Category},
    "fr": {
        Category.WAGES: "Salaire impayé, en retard ou trop bas",
        Category.FEES: "Frais de recrutement ou dettes",
        Category.DOCUMENTS: "Passeport ou papiers confisqués",
        Category.HOURS: "Heures supplémentaires ou horaires",
        Category.SAFETY: "Santé et sécurité",
        Category.HARASSMENT: "Harcèlement, menaces ou violence",
        Category.ASSOCIATION: "Adhérer à un syndicat ou s'exprimer",
        Category.HOUSING: "Logement ou conditions de vie",
        Category.OTHER: "Autre chose",
    },
    "es": {
        Category.WAGES: "Salario impagado, con retraso o muy bajo",
        Category.FEES: "Tasas de contratación o deudas",
        Category.DOCUMENTS: "Pasaporte o documentos retenidos",
        Category.HOURS: "Horas extra u horarios",
        Category.SAFETY: "Salud y seguridad",
        Category.HARASSMENT: "Acoso, amenazas o violencia",
        Category.ASSOCIATION: "Afiliarse a un sindicato o expresarse",
        Category.HOUSING: "Vivienda o condiciones de vida",
        Category.OTHER: "Otra cosa",
    },
}

STATUSES: dict[str, dict[str, str]] = {
    "en": {s.value: s.label for s in Status},
    "fr": {
        Status.RECEIVED: "Reçu",
        Status.TRIAGED: "Examiné",
        Status.INVESTIGATING: "Enquête en cours",
        Status.ACTION_PLAN: "Mesures correctives convenues",
        Status.ESCALATED: "Transmis à un organisme indépendant",
        Status.RESOLVED: "Résolu",
    },
    "es": {
        Status.RECEIVED: "Recibida",
        Status.TRIAGED: "Revisada",
        Status.INVESTIGATING: "En investigación",
        Status.ACTION_PLAN: "Medidas correctivas acordadas",
        Status.ESCALATED: "Enviada a un organismo independiente",
        Status.RESOLVED: "Resuelta",
    },
}


def language(code: str | None) -> str:
    return code if code in TEXTS else "en"
