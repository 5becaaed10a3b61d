"""Build the CITES code tables in data_access/reference from the official English code list.

Run from the repository root with ``python scripts/build_cites_codes.py [SOURCE_TSV]``
(SOURCE_TSV defaults to ``scripts/sources/cites_codes.tsv``, a copy of the official list
with columns field, code, description, field being ``term`` or ``unit``). It writes,
deterministically:

- ``cites_codes.csv``: field, code, label_en, label_fr, label_pt, unit_class,
  conversion_to_base; terms then units, each sorted by code, plus the NUM unit that stands
  for CITES's blank unit (number of specimens).
- ``unit_aliases.csv``: alias, unit_code; how national spreadsheets write units (English,
  French, Portuguese), stored lowercase and accent-free, plus every unit code lowercased.
- ``term_units.csv``: term, unit_classes; the unit classes that make sense for each term.

The English labels come from the source file. Everything else (French and Portuguese labels,
unit classes and conversion factors, term unit classes, aliases) is maintained by hand in the
tables below, which is the place to edit; see data_access/reference/CITES_SOURCES.md.
The script fails if the tables and the source list disagree, so a newer code list cannot
silently produce a row without translations.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

DEFAULT_SOURCE = Path(__file__).resolve().parent / "sources" / "cites_codes.tsv"
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "data_access" / "reference"
CODES_CSV = OUTPUT_DIR / "cites_codes.csv"
ALIASES_CSV = OUTPUT_DIR / "unit_aliases.csv"
TERM_UNITS_CSV = OUTPUT_DIR / "term_units.csv"

CODE_COLUMNS = ("field", "code", "label_en", "label_fr", "label_pt", "unit_class",
                "conversion_to_base")
# Canonical order, also used to write each term's classes.
UNIT_CLASSES = ("count", "mass", "volume", "area", "length", "other")
NUMBER_UNIT = "NUM"

# Term code -> (French, Portuguese, allowed unit classes). French follows the wording of the
# French edition of the CITES annual-report guidelines where known; Portuguese (European
# spelling, as used by the Lusophone African administrations) is this project's translation.
# Unit classes: anything that comes as separate items allows count; bulk materials (scales,
# powder, meat, chips, scraps...) do not, so "5 bags of scales" must be reported by weight;
# liquids allow volume; timber allows volume and mass; "other" (the skin-cut units) is for
# skins, sides and skin pieces, and for OTH/UNS, which allow everything.
TERMS: dict[str, tuple[str, str, str]] = {
    "BAL": ("Fanons", "Barbas de baleia", "count;mass"),
    "BAR": ("Écorce", "Casca", "mass"),
    "BEL": ("Ceintures", "Cintos", "count"),
    "BOC": ("Sculptures en os", "Entalhes de osso", "count;mass"),
    "BOD": ("Corps", "Corpos", "count;mass"),
    "BON": ("Os", "Ossos", "count;mass"),
    "BOP": ("Morceaux d'os", "Pedaços de osso", "count;mass"),
    "BPR": ("Produits en os", "Produtos de osso", "count;mass"),
    "BUL": ("Bulbes", "Bolbos", "count;mass"),
    "CAL": ("Calipée", "Calipé", "mass"),
    "CAP": ("Carapaces", "Carapaças", "count;mass"),
    "CAR": ("Sculptures", "Entalhes", "count;mass"),
    "CAV": ("Caviar", "Caviar", "mass"),
    "CHP": ("Copeaux", "Lascas", "mass"),
    "CLA": ("Griffes", "Garras", "count;mass"),
    "CLO": ("Tissus", "Tecido", "area;length;mass"),
    "COR": ("Coraux bruts", "Coral em bruto", "count;mass"),
    "COS": ("Sable de corail", "Areia de coral", "mass"),
    "CST": ("Jeux d'échecs", "Jogos de xadrez", "count"),
    # Cultures travel in flasks, which are counted.
    "CUL": ("Cultures", "Culturas", "count"),
    "DER": ("Dérivés", "Derivados", "count;mass;volume"),
    "DPL": ("Plantes séchées", "Plantas secas", "count;mass"),
    "EAR": ("Oreilles", "Orelhas", "count"),
    "EGG": ("Œufs", "Ovos", "count;mass"),
    "EGL": ("Œufs vivants", "Ovos vivos", "count"),
    "EXT": ("Extrait", "Extrato", "mass;volume"),
    "FEA": ("Plumes", "Penas", "count;mass"),
    "FIB": ("Fibres", "Fibras", "mass;length"),
    "FIG": ("Alevins", "Alevins", "count;mass"),
    # "Ailerons" is what customs and the shark-fin trade say in French ("nageoires" is the
    # anatomical word).
    "FIN": ("Ailerons", "Barbatanas", "count;mass"),
    "FLO": ("Fleurs", "Flores", "count;mass"),
    "FOO": ("Pieds", "Patas", "count"),
    "FPT": ("Pots de fleurs", "Vasos de flores", "count"),
    "FRA": ("Montures de lunettes", "Armações de óculos", "count"),
    "FRN": ("Meubles", "Peças de mobiliário", "count"),
    "FRU": ("Fruits", "Frutos", "count;mass"),
    "GAB": ("Vésicules biliaires", "Vesículas biliares", "count;mass"),
    "GAL": ("Bile", "Bílis", "mass"),
    "GAR": ("Vêtements", "Peças de vestuário", "count"),
    "GEN": ("Organes génitaux", "Órgãos genitais", "count;mass"),
    "GRS": ("Porte-greffes", "Porta-enxertos", "count"),
    "HAI": ("Poils", "Pelos", "mass"),
    "HAN": ("Sacs à main", "Malas de mão", "count"),
    "HAP": ("Produits en poils", "Produtos de pelo", "count;mass"),
    "HEA": ("Têtes", "Cabeças", "count"),
    "HOC": ("Sculptures en corne", "Entalhes de chifre", "count;mass"),
    "HOP": ("Morceaux de corne", "Pedaços de chifre", "count;mass"),
    "HOR": ("Cornes", "Chifres", "count;mass"),
    "HOS": ("Déchets de corne", "Restos de chifre", "mass"),
    "HPR": ("Produits en corne", "Produtos de chifre", "count;mass"),
    "IVC": ("Sculptures en ivoire", "Entalhes de marfim", "count;mass"),
    "IVP": ("Morceaux d'ivoire", "Pedaços de marfim", "count;mass"),
    "IVS": ("Déchets d'ivoire", "Restos de marfim", "mass"),
    "LEA": ("Cuir", "Couro", "area;mass"),
    "LEG": ("Cuisses de grenouille", "Pernas de rã", "mass"),
    # Live fish and eels (glass eels) are reported in kilograms.
    "LIV": ("Vivants", "Vivos", "count;mass"),
    "LOG": ("Grumes", "Toros", "count;mass;volume"),
    "LPL": ("Grands articles en cuir", "Artigos de couro grandes", "count"),
    "LPS": ("Petits articles en cuir", "Artigos de couro pequenos", "count"),
    "LVS": ("Feuilles", "Folhas", "count;mass"),
    "MEA": ("Viande", "Carne", "mass"),
    # Pills and boxes are counted, bulk powders weighed, tonics measured.
    "MED": ("Médicaments", "Medicamentos", "count;mass;volume"),
    "MUS": ("Musc", "Almíscar", "mass"),
    "OIL": ("Huile", "Óleo", "mass;volume"),
    # Other and unspecified say nothing about the goods, so every unit stays possible.
    "OTH": ("Autres", "Outros", "count;mass;volume;area;length;other"),
    "PEA": ("Perles", "Pérolas", "count;mass"),
    "PIE": ("Morceaux", "Pedaços", "count;mass"),
    "PKY": ("Touches de piano", "Teclas de piano", "count"),
    "PLA": ("Nappes", "Placas de peles", "count;area"),
    "PLY": ("Contreplaqué", "Contraplacado", "mass;volume;area"),
    "POW": ("Poudre", "Pó", "mass"),
    "QUI": ("Piquants", "Espinhos", "count;mass"),
    "ROO": ("Racines", "Raízes", "count;mass"),
    "SAW": ("Bois scié", "Madeira serrada", "mass;volume"),
    "SCA": ("Écailles", "Escamas", "mass"),
    "SCR": ("Déchets", "Restos", "mass"),
    "SEE": ("Graines", "Sementes", "count;mass"),
    "SHE": ("Coquilles (d'œufs et de mollusques)", "Cascas e conchas (de ovos e de moluscos)",
            "count;mass"),
    "SHO": ("Paires de chaussures", "Pares de sapatos", "count"),
    "SID": ("Flancs", "Flancos", "count;area;other"),
    "SKE": ("Squelettes", "Esqueletos", "count"),
    "SKI": ("Peaux", "Peles", "count;area;other"),
    "SKO": ("Articles en cuir", "Artigos de couro", "count"),
    "SKP": ("Morceaux de peau", "Pedaços de pele", "count;mass;area;other"),
    "SKS": ("Déchets de peau", "Restos de pele", "mass"),
    "SKU": ("Crânes", "Crânios", "count"),
    "SOU": ("Soupe", "Sopa", "mass;volume"),
    # Samples travel as vials and tubes (counted) or as grams and millilitres.
    "SPE": ("Spécimens scientifiques", "Espécimes científicos", "count;mass;volume"),
    "STE": ("Tiges", "Caules", "count;mass"),
    "SWI": ("Vessies natatoires", "Bexigas natatórias", "count;mass"),
    "TAI": ("Queues", "Caudas", "count;mass"),
    "TEE": ("Dents", "Dentes", "count;mass"),
    "TIC": ("Sculptures en bois", "Entalhes de madeira", "count;mass"),
    "TIM": ("Bois", "Madeira", "mass;volume"),
    "TIP": ("Morceaux de bois", "Pedaços de madeira", "count;mass;volume"),
    # "Cultures tissulaires" rather than "de tissus": "tissus" is also CLO, cloth.
    "TIS": ("Cultures tissulaires", "Culturas de tecidos", "count"),
    "TRO": ("Trophées", "Troféus", "count"),
    "TUS": ("Défenses", "Presas", "count;mass"),
    "UNS": ("Non spécifié", "Não especificado", "count;mass;volume;area;length;other"),
    "VEN": ("Placages", "Folheados", "mass;volume;area"),
    "VNM": ("Venin", "Veneno", "mass;volume"),
    "WAL": ("Portefeuilles", "Carteiras", "count"),
    "WAT": ("Bracelets de montre", "Braceletes de relógio", "count"),
    "WAX": ("Cire", "Cera", "mass"),
    "WHO": ("Spécimens entiers", "Espécimes inteiros", "count;mass"),
    "WOO": ("Produits en bois", "Produtos de madeira", "count;mass;volume"),
}

# English label of the units that are not in the CITES list.
EXTRA_UNITS_EN: dict[str, str] = {NUMBER_UNIT: "Number of specimens"}

# Unit code -> (French, Portuguese, unit class, factor to the class's base unit or None).
# Bases: kg, m3, m2, m, specimens. Only NUM converts to specimens: a box, bag, piece or pair
# is counted but is not one whole specimen, so it gets no factor and is never added to
# specimen totals. The cuts of (crocodilian) skins, BAK BSK HRN SID SKI, are class "other":
# they are counted too, but only make sense for skin terms, and as "count" they would be
# offered for tusks or live animals. Imperial factors are the exact international definitions;
# ounces are avoirdupois (CITES does not say, and troy ounces are not used for wildlife).
UNITS: dict[str, tuple[str, str, str, str | None]] = {
    "BAG": ("Sacs", "Sacos", "count", None),
    "BAK": ("Peaux de dos", "Peles de dorso", "other", None),
    "BOT": ("Bouteilles", "Garrafas", "count", None),
    "BOX": ("Boîtes", "Caixas", "count", None),
    "BSK": ("Peaux de ventre", "Peles de ventre", "other", None),
    "CAN": ("Boîtes de conserve", "Latas", "count", None),
    "CAS": ("Caisses", "Caixotes", "count", None),
    "CCM": ("Centimètres cubes", "Centímetros cúbicos", "volume", "0.000001"),
    "CRT": ("Cartons", "Caixas de cartão", "count", None),
    "CTM": ("Centimètres", "Centímetros", "length", "0.01"),
    "CUF": ("Pieds cubes", "Pés cúbicos", "volume", "0.028316846592"),
    "CUM": ("Mètres cubes", "Metros cúbicos", "volume", "1"),
    "FEE": ("Pieds", "Pés", "length", "0.3048"),
    "FLA": ("Flacons", "Frascos", "count", None),
    "GRM": ("Grammes", "Gramas", "mass", "0.001"),
    "HRN": ("Peaux à dos corné", "Peles de dorso córneo", "other", None),
    "INC": ("Pouces", "Polegadas", "length", "0.0254"),
    "ITE": ("Articles", "Artigos", "count", None),
    "KIL": ("Kilogrammes", "Quilogramas", "mass", "1"),
    "LTR": ("Litres", "Litros", "volume", "0.001"),
    "MGM": ("Milligrammes", "Miligramas", "mass", "0.000001"),
    "MLT": ("Millilitres", "Mililitros", "volume", "0.000001"),
    "MTR": ("Mètres", "Metros", "length", "1"),
    "MYG": ("Microgrammes", "Microgramas", "mass", "0.000000001"),
    NUMBER_UNIT: ("Nombre de spécimens", "Número de espécimes", "count", "1"),
    "OUN": ("Onces", "Onças", "mass", "0.028349523125"),
    "PAI": ("Paires", "Pares", "count", None),
    "PCS": ("Pièces", "Peças", "count", None),
    "PND": ("Livres", "Libras", "mass", "0.45359237"),
    "SET": ("Jeux", "Conjuntos", "count", None),
    "SHP": ("Envois", "Remessas", "count", None),
    "SID": ("Flancs", "Flancos", "other", None),
    "SKI": ("Peaux", "Peles", "other", None),
    "SQC": ("Centimètres carrés", "Centímetros quadrados", "area", "0.0001"),
    "SQD": ("Décimètres carrés", "Decímetros quadrados", "area", "0.01"),
    "SQF": ("Pieds carrés", "Pés quadrados", "area", "0.09290304"),
    "SQM": ("Mètres carrés", "Metros quadrados", "area", "1"),
    "TON": ("Tonnes métriques", "Toneladas métricas", "mass", "1000"),
}

# Unit code -> how people write it, lowercase and accent-free (lookups normalise the input
# the same way: NFKD, combining marks dropped, so "m³" arrives as "m3" and "µg" as "μg").
# Each code's own lowercase form is added by the script. "mt" is deliberately absent: it is
# a metric ton on shipping documents but a metre elsewhere, so it is better left unresolved
# for a person to check than silently guessed.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    NUMBER_UNIT: (
        "", "no", "nos", "n", "n°", "nb", "nbr", "nbre", "number", "numbers",
        "number of specimens", "nombre", "nombre de specimens", "numero", "numeros",
        "numero de especimes", "specimen", "specimens", "especime", "especimes", "especimen",
        "ex", "exemplaire", "exemplaires", "exemplar", "exemplares", "ind", "inds", "indiv",
        "individual", "individuals", "individu", "individus", "individuo", "individuos",
        "head", "heads", "tete", "tetes", "cabeca", "cabecas", "animal", "animals", "animaux",
        "animais", "count", "u", "un", "und", "unid", "unit", "units", "unite", "unites",
        "unidade", "unidades",
    ),
    "PCS": ("pc", "pce", "pces", "piece", "pieces", "peca", "pecas"),
    "ITE": ("item", "items", "article", "articles", "artigo", "artigos", "objet", "objets",
            "objeto", "objetos"),
    "PAI": ("pair", "pairs", "paire", "paires", "par", "pares"),
    "SET": ("sets", "jeu", "jeux", "ensemble", "ensembles", "conjunto", "conjuntos"),
    "KIL": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme",
            "kilogrammes", "kilograma", "kilogramas", "quilo", "quilos", "quilograma",
            "quilogramas"),
    "GRM": ("g", "gr", "grs", "gm", "gms", "gram", "grams", "gramme", "grammes", "grama",
            "gramas"),
    "MGM": ("mg", "milligram", "milligrams", "milligramme", "milligrammes", "miligrama",
            "miligramas"),
    "MYG": ("μg", "ug", "mcg", "microgram", "micrograms", "microgramme", "microgrammes",
            "micrograma", "microgramas"),
    "TON": ("t", "tons", "tonne", "tonnes", "metric ton", "metric tons", "metric tonne",
            "metric tonnes", "tonne metrique", "tonnes metriques", "tonelada", "toneladas",
            "tonelada metrica", "toneladas metricas"),
    "PND": ("lb", "lbs", "pound", "pounds", "livre", "livres", "libra", "libras"),
    "OUN": ("oz", "ounce", "ounces", "once", "onces", "onca", "oncas"),
    "LTR": ("l", "lt", "lts", "ltrs", "litre", "litres", "liter", "liters", "litro",
            "litros"),
    "MLT": ("ml", "millilitre", "millilitres", "milliliter", "milliliters", "mililitro",
            "mililitros"),
    "CCM": ("cc", "cm3", "cm^3", "cubic centimetre", "cubic centimetres", "cubic centimeter",
            "cubic centimeters", "centimetre cube", "centimetres cubes", "centimetro cubico",
            "centimetros cubicos"),
    "CUM": ("m3", "m^3", "cbm", "cu m", "cubic metre", "cubic metres", "cubic meter",
            "cubic meters", "metre cube", "metres cubes", "metro cubico", "metros cubicos"),
    "CUF": ("cu ft", "cuft", "ft3", "ft^3", "cubic foot", "cubic feet", "pied cube",
            "pieds cubes", "pe cubico", "pes cubicos"),
    "SQM": ("m2", "m^2", "sq m", "square metre", "square metres", "square meter",
            "square meters", "metre carre", "metres carres", "metro quadrado",
            "metros quadrados"),
    "SQD": ("dm2", "dm^2", "sq dm", "square decimetre", "square decimetres",
            "square decimeter", "square decimeters", "decimetre carre", "decimetres carres",
            "decimetro quadrado", "decimetros quadrados"),
    "SQC": ("cm2", "cm^2", "sq cm", "square centimetre", "square centimetres",
            "square centimeter", "square centimeters", "centimetre carre",
            "centimetres carres", "centimetro quadrado", "centimetros quadrados"),
    "SQF": ("sq ft", "sqft", "ft2", "ft^2", "square foot", "square feet", "pied carre",
            "pieds carres", "pe quadrado", "pes quadrados"),
    "MTR": ("m", "mts", "mtrs", "metre", "metres", "meter", "meters", "metro", "metros"),
    "CTM": ("cm", "cms", "centimetre", "centimetres", "centimeter", "centimeters",
            "centimetro", "centimetros"),
    "FEE": ("ft", "foot", "feet", "pied", "pieds", "pe", "pes"),
    "INC": ("in", "inch", "inches", "pouce", "pouces", "polegada", "polegadas"),
    "BAG": ("bag", "bags", "sac", "sacs", "saco", "sacos"),
    "BOT": ("bottle", "bottles", "bouteille", "bouteilles", "garrafa", "garrafas"),
    "BOX": ("boxes", "boite", "boites", "caixa", "caixas"),
    "CAN": ("cans", "tin", "tins", "canette", "canettes", "boite de conserve",
            "boites de conserve", "lata", "latas"),
    "CAS": ("case", "cases", "caisse", "caisses", "caixote", "caixotes"),
    "CRT": ("carton", "cartons", "ctn", "ctns", "caixa de cartao", "caixas de cartao"),
    "FLA": ("flask", "flasks", "flacon", "flacons", "frasco", "frascos"),
    "SHP": ("shipment", "shipments", "consignment", "consignments", "envoi", "envois",
            "remessa", "remessas"),
    "SKI": ("skin", "skins", "peau", "peaux", "pele", "peles"),
    "SID": ("side", "sides", "flanc", "flancs", "flanco", "flancos"),
    "BAK": ("back skin", "back skins", "peau de dos", "peaux de dos", "pele de dorso",
            "peles de dorso"),
    "BSK": ("belly skin", "belly skins", "peau de ventre", "peaux de ventre",
            "pele de ventre", "peles de ventre"),
    "HRN": ("hornback", "hornbacks", "hornback skin", "hornback skins"),
}


def normalise(text: str) -> str:
    """Lowercase, accent-free, single-spaced text (same rule as data_access.cites)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split())


def read_source(path: Path) -> dict[str, dict[str, str]]:
    """The official English description of every term and unit code, by field."""
    codes: dict[str, dict[str, str]] = {"term": {}, "unit": {}}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            field, code = row["field"].strip(), row["code"].strip().upper()
            if field not in codes or code in codes[field]:
                raise ValueError(f"{path}: unexpected or repeated row {field} {code}")
            codes[field][code] = row["description"].strip()
    return codes


def check_tables(source: dict[str, dict[str, str]]) -> None:
    """Fail when the hand-kept tables and the source list do not cover the same codes."""
    problems = []
    for field, table, extra in (("term", TERMS, set()), ("unit", UNITS, set(EXTRA_UNITS_EN))):
        expected = set(source[field]) | extra
        if missing := sorted(expected - set(table)):
            problems.append(f"{field} codes without translations: {missing}")
        if unknown := sorted(set(table) - expected):
            problems.append(f"{field} codes not in the source list: {unknown}")
    for code, (*_labels, classes) in TERMS.items():
        if bad := set(classes.split(";")) - set(UNIT_CLASSES):
            problems.append(f"term {code}: unknown unit classes {sorted(bad)}")
    for code, (_fr, _pt, unit_class, _factor) in UNITS.items():
        if unit_class not in UNIT_CLASSES:
            problems.append(f"unit {code}: unknown unit class {unit_class}")
    for code in UNIT_ALIASES:
        if code not in UNITS:
            problems.append(f"aliases for unknown unit {code}")
    if problems:
        raise ValueError("\n".join(problems))


def code_rows(source: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """cites_codes.csv rows: terms then units, each sorted by code."""
    rows = []
    for code in sorted(TERMS):
        label_fr, label_pt, _classes = TERMS[code]
        rows.append({"field": "term", "code": code, "label_en": source["term"][code],
                     "label_fr": label_fr, "label_pt": label_pt, "unit_class": "",
                     "conversion_to_base": ""})
    english = {**source["unit"], **EXTRA_UNITS_EN}
    for code in sorted(UNITS):
        label_fr, label_pt, unit_class, factor = UNITS[code]
        rows.append({"field": "unit", "code": code, "label_en": english[code],
                     "label_fr": label_fr, "label_pt": label_pt, "unit_class": unit_class,
                     "conversion_to_base": factor or ""})
    return rows


def alias_rows() -> list[dict[str, str]]:
    """unit_aliases.csv rows sorted by alias; every alias normalised and unambiguous."""
    target: dict[str, str] = {}
    pairs = [(code.lower(), code) for code in UNITS]
    pairs += [(alias, code) for code, aliases in UNIT_ALIASES.items() for alias in aliases]
    for alias, code in pairs:
        if alias != normalise(alias):
            raise ValueError(f"alias {alias!r} is not normalised: {normalise(alias)!r}")
        if target.setdefault(alias, code) != code:
            raise ValueError(f"alias {alias!r} maps to both {target[alias]} and {code}")
    return [{"alias": alias, "unit_code": target[alias]} for alias in sorted(target)]


def term_unit_rows() -> list[dict[str, str]]:
    """term_units.csv rows: each term's unit classes in the canonical class order."""
    rows = []
    for code in sorted(TERMS):
        classes = set(TERMS[code][2].split(";"))
        ordered = [name for name in UNIT_CLASSES if name in classes]
        rows.append({"term": code, "unit_classes": ";".join(ordered)})
    return rows


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    """Write rows as UTF-8 CSV with Unix line endings."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Check the tables against the source list and write the three CSV files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE,
                        help=f"CITES code list (TSV: field, code, description); "
                             f"default {DEFAULT_SOURCE}")
    args = parser.parse_args(argv)
    source = read_source(args.source)
    check_tables(source)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    codes, aliases, term_units = code_rows(source), alias_rows(), term_unit_rows()
    write_csv(CODES_CSV, CODE_COLUMNS, codes)
    write_csv(ALIASES_CSV, ("alias", "unit_code"), aliases)
    write_csv(TERM_UNITS_CSV, ("term", "unit_classes"), term_units)
    terms = sum(row["field"] == "term" for row in codes)
    print(f"wrote {terms} terms and {len(codes) - terms} units to {CODES_CSV}")
    print(f"wrote {len(aliases)} unit aliases to {ALIASES_CSV}")
    print(f"wrote {len(term_units)} term unit classes to {TERM_UNITS_CSV}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
