"""Write data_access/reference/code_aliases.csv: every word the importer accepts for a coded
spreadsheet column (seizure_point, transport_mode, detection_method, live).

Sources, in this order:
1. the codes themselves (data_access/vocab.py);
2. the labels the app shows for them (dashboard/ui/labels.py, English msgids) and their French
   and Portuguese translations (dashboard/translations/{fr,pt}/LC_MESSAGES/messages.po);
3. the hand-written aliases below (abbreviations and everyday words officers type).

data_access must not import dashboard, so the importer reads the generated CSV instead of
the labels. Run after changing a label or its translation:

    .venv/bin/python scripts/build_code_aliases.py

Matching is case-, accent- and punctuation-insensitive (data_access/importer/aliases.py),
so each alias is written once, as people would spell it.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.i18n import catalog_path  # noqa: E402
from dashboard.ui import labels  # noqa: E402
from data_access import vocab  # noqa: E402

OUTPUT = ROOT / "data_access" / "reference" / "code_aliases.csv"

CODED_FIELDS = {
    "seizure_point": (vocab.SEIZURE_POINTS, labels.SEIZURE_POINTS),
    "transport_mode": (vocab.TRANSPORT_MODES, labels.TRANSPORT_MODES),
    "detection_method": (vocab.DETECTION_METHODS, labels.DETECTION_METHODS),
}

# Everyday words for the codes, in English, French and Portuguese.
EXTRA_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "seizure_point": {
        "import": ("imp", "inbound", "entrée", "entrada"),
        "export": ("exp", "outbound", "sortie", "saída"),
        "transit": ("trans", "transhipment", "transbordement", "transbordo"),
        "internal": ("domestic", "inland", "national", "interne", "domestique", "doméstico",
                     "nacional", "interno"),
    },
    "transport_mode": {
        "air_passenger": ("passenger", "air passenger baggage", "passenger baggage",
                          "passager", "bagage passager", "passageiro", "bagagem"),
        "air_cargo": ("air freight", "cargo", "fret", "carga"),
        "postal": ("post", "mail", "poste", "courrier postal", "correio", "correios"),
        "express_courier": ("courier", "express", "express mail", "messagerie express",
                            "courrier express", "express courrier", "estafeta"),
        "sea_container": ("container", "containerised", "conteneur", "contentor",
                          "contêiner"),
        "sea_vessel": ("vessel", "ship", "boat", "bateau", "navio", "barco"),
        "road": ("truck", "lorry", "car", "vehicle", "camion", "véhicule", "voiture",
                 "estrada", "camião", "veículo"),
        "rail": ("train", "railway", "ferroviaire", "comboio", "trem"),
        "pedestrian": ("foot", "on foot", "walking", "à pied", "a pé", "pedestre"),
        "other": ("unknown", "autre", "inconnu", "outros", "desconhecido"),
    },
    "detection_method": {
        "x_ray": ("xray", "x ray", "scanner", "scan", "radioscopie", "raio x", "raios x"),
        "sniffer_dog": ("dog", "canine", "k9", "detector dog", "chien", "cão", "cao",
                        "cão farejador"),
        "risk_profiling": ("profiling", "risk analysis", "targeting", "profilage",
                           "ciblage", "analyse de risque", "perfil de risco"),
        "intelligence": ("intel", "tip off", "tip-off", "informant", "renseignements",
                         "informação", "informações"),
        "physical_inspection": ("physical", "inspection", "search", "fouille",
                                "inspection physique", "inspeção", "revista"),
        "documentary_check": ("documents", "document check", "documentary",
                              "contrôle des documents", "verificação documental"),
        "random_check": ("random", "spot check", "aléatoire", "aleatório"),
        "other": ("unknown", "autre", "inconnu", "outros", "desconhecido"),
    },
    "live": {
        "yes": ("yes", "y", "true", "1", "live", "alive", "oui", "o", "vrai", "vivant",
                "sim", "s", "verdadeiro", "vivo", "x"),
        "no": ("no", "n", "false", "0", "dead", "non", "faux", "mort", "não", "nao",
               "falso", "morto"),
    },
}


def _translations(language: str) -> dict[str, str]:
    """msgid -> msgstr of a language's catalog (translated entries only)."""
    with catalog_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.string, str) and m.string}


def build_rows() -> list[dict[str, str]]:
    """Every (field, code, alias, source) row, sorted and without repeats."""
    catalogs = {lang: _translations(lang) for lang in ("fr", "pt")}
    rows: dict[tuple[str, str, str], str] = {}

    def add(field: str, code: str, alias: str, source: str) -> None:
        rows.setdefault((field, code, alias.strip()), source)

    for field, (codes, table) in CODED_FIELDS.items():
        for code in codes:
            add(field, code, code, "code")
            msgid = table[code]
            add(field, code, msgid, "label_en")
            for lang, catalog in catalogs.items():
                if msgid in catalog:
                    add(field, code, catalog[msgid], f"label_{lang}")
    for field, by_code in EXTRA_ALIASES.items():
        for code, aliases in by_code.items():
            for alias in aliases:
                add(field, code, alias, "extra")
    return [{"field": f, "code": c, "alias": a, "source": s}
            for (f, c, a), s in sorted(rows.items())]


def main() -> None:
    """Write the CSV."""
    rows = build_rows()
    with OUTPUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["field", "code", "alias", "source"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} aliases to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
