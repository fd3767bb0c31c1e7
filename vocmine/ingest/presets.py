"""Vendor presets: where each TicketFrame field lives in a real export.

A preset maps each canonical field (see :mod:`vocmine.schema`) to candidate export columns,
tried in order (the first present in the header wins), with how to read them. ``subject``
and ``body`` are the two parts of ``text`` (joined as ``"subject\\n\\nbody"``, empty parts
dropped). Header matching ignores case, surrounding blanks, and treats runs of blanks and
underscores alike (``Created at`` = ``created_at``).

``pii`` lists columns that hold personal data and are dropped (reported, never kept in
``extra``); any unmapped column whose name looks personal (e-mail, phone, CPF, name,
address...) is dropped the same way. A requester e-mail is only ever used hashed
(``sha256`` of the lower-cased address, first 16 hex digits, prefixed ``email:``), and only
when the export has no requester id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vocmine import schema as S


@dataclass(frozen=True)
class Source:
    """How to read one canonical field from one export column.

    ``unit`` (durations): minutes, seconds or hours. ``fmt`` (times): None (detect), unix,
    unix_ms or a strftime format. ``scale`` (csat): see :mod:`vocmine.ingest.csat`.
    ``hash``: replace the value by a stable hash (e-mails used as ids). ``json``: the cell is
    a JSON list of objects: ``"first_id"`` takes the first object's ``id``, ``"names"`` joins
    every ``name`` with ``", "``. ``plus_created``: the column is a duration in ``unit`` added
    to ``created_at`` (Zendesk's first reply time gives ``first_response_at``).
    """

    column: str
    unit: str | None = None
    fmt: str | None = None
    scale: str | None = None
    hash: bool = False
    json: str | None = None
    plus_created: bool = False


def _s(*columns: str, **opts) -> tuple[Source, ...]:
    return tuple(Source(c, **opts) for c in columns)


@dataclass(frozen=True)
class Preset:
    name: str
    fields: dict[str, tuple[Source, ...]]
    signature: frozenset[str] = frozenset()   # normalised header names typical of the vendor
    pii: frozenset[str] = frozenset()         # normalised header names always dropped
    dayfirst: bool | None = None
    csat_scale: str | None = None


def norm(name: str) -> str:
    """Header key: case-folded, trimmed, blanks/underscores collapsed to one space."""
    return re.sub(r"[\s_]+", " ", str(name).strip().casefold())


_BRACKET = re.compile(r"[(\[]([^)\]]*)[)\]]")
#: a unit said in a header: "Handle time (min)", "TMA (s)", "Wait time in seconds", "aht_sec"
HEADER_UNITS = {**dict.fromkeys(("min", "mins", "minute", "minutes", "minuto", "minutos"), "minutes"),
                **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "seg", "segundo", "segundos"), "seconds"),
                **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "hora", "horas"), "hours")}
_RANGE = re.compile(r"^(\d+)\s*(?:-|–|a|to|até)\s*(\d+)$")


def header_hint(name: str) -> tuple[str, str | None, str | None]:
    """``(key, unit, scale)`` of a header whose name carries a unit or a rating scale: the key is
    :func:`norm` without brackets, punctuation or a trailing unit word, so that "Handle time (min)"
    reads as "handle time" in minutes, "Wait time in seconds" as "wait time" in seconds and
    "CSAT (1-5)" as "csat" on the scale 1-5. A header without them gives its plain key."""
    unit = scale = None
    key = norm(name)
    for inner in _BRACKET.findall(key):
        inner = inner.strip()
        if inner in HEADER_UNITS:
            unit = HEADER_UNITS[inner]
        elif (m := _RANGE.match(inner)) is not None:
            scale = f"{m.group(1)}-{m.group(2)}"
    words = _BRACKET.sub(" ", key).split()  # a unit word stands alone: "customer's" keeps its "s"
    if unit is None and len(words) >= 2 and words[-1] in HEADER_UNITS:
        unit = HEADER_UNITS[words.pop()]
        if len(words) >= 2 and words[-1] in ("in", "em"):
            words.pop()
    return plain_key(" ".join(words)), unit, scale


def plain_key(name: str) -> str:
    """:func:`norm` with punctuation read as a blank: "E-mail" and "e mail" are one key."""
    return " ".join(re.sub(r"[^\w\s]", " ", norm(name)).split())


SUBJECT, BODY = "subject", "body"

ZENDESK = Preset(
    name="zendesk",
    fields={
        S.TICKET_ID: _s("Id", "Ticket ID", "Ticket id"),
        SUBJECT: _s("Subject"),
        BODY: _s("Description"),
        S.CUSTOMER_ID: _s("Requester id", "Requester external id") + _s("Requester email", hash=True),
        S.CREATED_AT: _s("Created at"),
        S.SOLVED_AT: _s("Solved at"),
        S.FIRST_RESPONSE_AT: _s("First reply time in minutes", unit="minutes", plus_created=True),
        S.WAIT_MINUTES: _s("First reply time in minutes", unit="minutes"),
        # Zendesk has no native handle time: the time-tracking app's total wins, else the
        # full resolution time (calendar minutes, an upper bound of agent time).
        S.HANDLE_MINUTES: _s("Total time spent (sec)", unit="seconds")
        + _s("Full resolution time in minutes", unit="minutes"),
        S.GROUP: _s("Group", "group_id"),
        S.AGENT: _s("Assignee", "assignee_id"),
        S.PRIORITY: _s("Priority"),
        S.STATUS: _s("Status"),
        S.TAGS: _s("Tags", json="names"),
        S.CHANNEL: _s("Via", "Channel", "Ticket channel", "via.channel"),
        S.PRODUCT: _s("Product", "Brand", "Ticket form", "brand_id"),
        S.CSAT: _s("Satisfaction Score", "Satisfaction rating", "satisfaction_rating.score", scale="good_bad"),
        S.REOPENS: _s("Reopens"),
    },
    signature=frozenset(norm(c) for c in (
        "Id", "Requester id", "Requester email", "Created at", "Solved at", "Satisfaction Score",
        "Via", "Assignee", "First reply time in minutes", "Full resolution time in minutes",
        "Requester wait time in minutes", "Organization", "Submitter",
        # tickets API JSON (flattened): requester_id and created_at already match the CSV names
        "satisfaction_rating.score", "via.channel", "submitter_id", "assignee_id", "organization_id",
        "group_id", "brand_id", "ticket_form_id")),
    pii=frozenset(norm(c) for c in ("Requester email", "Requester", "Requester name", "Requester phone",
                                    "Submitter", "Submitter email", "CC", "Collaborators")),
    csat_scale="good_bad",
)

FRESHDESK = Preset(
    name="freshdesk",
    fields={
        S.TICKET_ID: _s("Ticket ID", "Ticket Id"),
        SUBJECT: _s("Subject"),
        BODY: _s("Description"),
        S.CUSTOMER_ID: _s("Contact ID", "Requester ID", "Company ID") + _s("Email", "Requester email", hash=True),
        S.CREATED_AT: _s("Created time"),
        S.SOLVED_AT: _s("Resolved time", "Closed time"),
        S.FIRST_RESPONSE_AT: _s("Initial response time"),
        S.WAIT_MINUTES: _s("First response time (in hrs)", unit="hours"),
        S.HANDLE_MINUTES: _s("Time tracked", unit="hours"),
        S.STATUS: _s("Status"),
        S.PRIORITY: _s("Priority"),
        S.CHANNEL: _s("Source"),
        S.PRODUCT: _s("Product", "Type"),
        S.AGENT: _s("Agent"),
        S.GROUP: _s("Group"),
        S.TAGS: _s("Tags"),
        S.CSAT: _s("Satisfaction survey rating", "Satisfaction rating", "Survey result", "CSAT"),
        S.REOPENS: _s("Reopens", "Reopened count"),
    },
    signature=frozenset(norm(c) for c in (
        "Ticket ID", "Created time", "Resolved time", "Closed time", "Initial response time",
        "Customer interactions", "Agent interactions", "Contact ID", "Satisfaction survey rating",
        "First response time (in hrs)", "Resolution time (in hrs)", "Time tracked", "Source", "Type")),
    pii=frozenset(norm(c) for c in ("Full name", "Email", "Requester email", "Requester name", "Contact",
                                    "Phone", "Work phone", "Mobile phone", "Twitter ID")),
)

INTERCOM = Preset(
    name="intercom",
    fields={
        S.TICKET_ID: _s("id", "conversation_id"),
        SUBJECT: _s("source.subject", "conversation_message.subject", "title"),
        BODY: _s("source.body", "conversation_message.body"),
        S.CUSTOMER_ID: _s("contacts.contacts", json="first_id") + _s("user.id", "contacts.id", "source.author.id"),
        S.CREATED_AT: _s("created_at", fmt="unix"),
        S.FIRST_RESPONSE_AT: _s("statistics.first_admin_reply_at", fmt="unix"),
        S.SOLVED_AT: _s("statistics.last_close_at", "statistics.first_close_at", fmt="unix"),
        S.WAIT_MINUTES: _s("statistics.time_to_admin_reply", unit="seconds"),
        S.HANDLE_MINUTES: _s("statistics.handling_time", unit="seconds"),
        S.AGENT: _s("admin_assignee_id"),
        S.GROUP: _s("team_assignee_id"),
        S.STATUS: _s("state"),
        S.PRIORITY: _s("priority"),
        S.CHANNEL: _s("source.delivered_as", "source.type"),
        S.TAGS: _s("tags.tags", json="names"),
        S.CSAT: _s("conversation_rating.rating", scale="1-5"),
        S.REOPENS: _s("statistics.count_reopens"),
    },
    signature=frozenset(norm(c) for c in (
        "source.body", "source.subject", "conversation_message.body", "admin_assignee_id",
        "team_assignee_id", "conversation_rating.rating", "statistics.time_to_admin_reply",
        "statistics.median_time_to_reply", "contacts.contacts", "waiting_since", "snoozed_until",
        "state", "read")),
    pii=frozenset(norm(c) for c in ("source.author.email", "source.author.name", "user.email", "user.name",
                                    "conversation_message.author.email", "conversation_message.author.name")),
)


def _aliases(*names: str) -> tuple[Source, ...]:
    return _s(*names)


GENERIC = Preset(
    name="generic",
    fields={
        S.TICKET_ID: _aliases("ticket_id", "ticket id", "id", "ticket", "ticket number", "case id",
                              "case number", "número", "numero", "protocolo", "chamado", "id do ticket",
                              "conversation_id"),
        S.TEXT: _aliases("text", "texto"),
        SUBJECT: _aliases("subject", "title", "assunto", "título", "titulo", "ticket name", "case subject"),
        BODY: _aliases("body", "description", "message", "comment", "content", "descrição", "descricao",
                       "mensagem", "comentário", "comentario", "conteúdo", "relato", "ticket description",
                       "case description"),
        S.CUSTOMER_ID: _aliases("customer_id", "customer id", "customer", "client_id", "account_id",
                                "requester_id", "contact_id", "user_id", "cliente", "id do cliente",
                                "id_cliente", "código do cliente",
                                # Salesforce cases, HubSpot tickets
                                "contact id", "contactid", "account id", "accountid", "associated contact id",
                                "associated contact ids")
        # a Brazilian export often identifies the customer by CPF/CNPJ only: read as the id, turned into
        # a keyed pseudonym by cleaning (vocmine.text.pii.fields.protect_fields) before anything is written
        + _aliases("cpf", "cpf do cliente", "cpf cliente", "cliente cpf", "cpf_cliente", "cpf/cnpj",
                   "cpf / cnpj", "cpf ou cnpj", "cpf_cnpj", "cnpj", "cnpj do cliente", "documento do cliente")
        # without an id, the customer's e-mail identifies them, hashed (never kept)
        + _s("customer email", "requester email", "email", "e-mail", "email do cliente", "e-mail do cliente",
             "contact email", "client email", "user email", "customer e-mail", "supplied email", "web email",
             "email address", "requester e-mail", hash=True),
        S.CREATED_AT: _aliases("created_at", "created", "created at", "created time", "opened_at", "date",
                               "data de abertura", "aberto em", "data de criação", "criado em", "data",
                               "date/time opened", "created date", "create date", "opened date", "date opened"),
        S.FIRST_RESPONSE_AT: _aliases("first_response_at", "first reply at", "first_reply_at",
                                      "primeira resposta", "data da primeira resposta"),
        S.SOLVED_AT: _aliases("solved_at", "resolved_at", "closed_at", "solved at", "resolved at",
                              "resolvido em", "fechado em", "data de resolução", "data de fechamento",
                              "date/time closed", "closed date", "close date", "date closed", "resolved date",
                              "resolution date"),
        S.HANDLE_MINUTES: _s("handle_minutes", "handle time", "handling time", "average handle time", "aht", "tma",
                             "tempo de atendimento", "tempo médio de atendimento", unit="minutes"),
        S.WAIT_MINUTES: _s("wait_minutes", "wait time", "waiting time", "queue time", "tme", "tempo de espera",
                           "tempo médio de espera", "tempo em fila", unit="minutes"),
        S.CHANNEL: _aliases("channel", "canal", "via", "source", "origem", "canal de atendimento",
                            "canal de entrada", "canal de contato", "canal do atendimento", "origem do chamado",
                            "origem do atendimento", "contact channel", "ticket channel", "case origin", "origin"),
        S.STATUS: _aliases("status", "state", "situação", "situacao", "estado", "status do chamado",
                           "situação do chamado", "status do ticket", "ticket status", "case status"),
        S.PRIORITY: _aliases("priority", "prioridade"),
        S.PRODUCT: _aliases("product", "produto", "category", "categoria", "module", "módulo"),
        S.GROUP: _aliases("group", "team", "queue", "grupo", "equipe", "fila"),
        S.AGENT: _aliases("agent", "assignee", "agente", "atendente", "responsável", "responsavel"),
        S.TAGS: _aliases("tags", "labels", "etiquetas", "marcadores"),
        S.REOPENS: _aliases("reopens", "reopened", "reaberturas"),
        S.CSAT: _aliases("csat", "satisfaction", "rating", "score", "nota", "avaliação", "avaliacao",
                         "satisfação", "satisfacao", "csat score", "satisfaction score", "satisfaction rating",
                         "customer satisfaction", "nota csat", "nota de satisfação", "pesquisa de satisfação",
                         "avaliação do atendimento"),
        S.LANGUAGE: _aliases("language", "lang", "idioma"),
    },
)

PRESETS: dict[str, Preset] = {p.name: p for p in (GENERIC, ZENDESK, FRESHDESK, INTERCOM)}

# unmapped columns whose name looks personal are dropped instead of kept in ``extra``
PII_HEADER = re.compile(
    r"e-?mail|phone|telefone|celular|whats ?app|\bcpf\b|\bcnpj\b|\brg\b|\bssn\b|full name|first name|"
    r"last name|requester name|customer name|contact name|associated contact(?!\s*ids?\b)|nome do cliente|"
    r"nome completo|^nome$|^name$|address|"
    r"endere[cç]o|\bcep\b|zip ?code|birth|nascimento|ip address|credit card|cart[aã]o",
    re.IGNORECASE)


def detect_preset(header: list[str]) -> str:
    """Vendor whose signature columns the header matches best (at least 3), else ``generic``."""
    keys = {norm(c) for c in header}
    best, best_hits = "generic", 2
    for preset in (ZENDESK, FRESHDESK, INTERCOM):
        hits = len(keys & preset.signature)
        if hits > best_hits:
            best, best_hits = preset.name, hits
    return best
