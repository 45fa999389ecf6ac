"""The bundled gazetteer: a city by its name and country, whatever its accents, case,
hyphens or "St-" spelling, and the cities around a place."""

import pytest

from organizations.gazetteer import distance_km, gazetteer, locate, place_key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Montréal", "montreal"),
        ("MONTREAL", "montreal"),
        ("St-Étienne", "saint etienne"),
        ("Saint Etienne", "saint etienne"),
        ("Ste-Foy-lès-Lyon", "sainte foy les lyon"),
        ("  Trois-Rivières ", "trois rivieres"),
        ("", ""),
    ],
)
def test_a_place_key_leaves_out_accents_case_hyphens_and_short_saints(typed, key):
    assert place_key(typed) == key


@pytest.mark.parametrize(
    ("city", "country", "name"),
    [
        ("montreal", "CA", "Montréal"),
        ("MONTRÉAL", "", "Montréal"),
        ("St-Etienne", "FR", "Saint-Étienne"),
        ("saint etienne", "FR", "Saint-Étienne"),
        ("ecully", "FR", "Écully"),
        # An alternate name in Latin script.
        ("Quebec City", "CA", "Québec"),
        ("Lyons", "FR", "Lyon"),
    ],
)
def test_a_city_is_found_by_its_name_in_any_spelling(city, country, name):
    place = locate(city, country)

    assert place.name == name
    assert place.country == (country or "CA")


def test_the_country_says_which_of_the_cities_of_a_name():
    assert locate("London", "CA").country == "CA"
    assert round(locate("London", "CA").latitude) == 43
    # With no country, the most populous.
    assert locate("London").country == "GB"


def test_the_cities_of_a_name_come_most_populous_first():
    places = gazetteer().places_named("London")

    assert [p.country for p in places][:2] == ["GB", "CA"]
    assert places == sorted(places, key=lambda p: -p.population)


def test_an_unknown_or_empty_city_is_nowhere():
    assert locate("Atlantis-sous-la-Mer", "FR") is None
    assert locate("   ", "FR") is None
    assert locate("Lyon", "CA") is None


def test_the_cities_near_a_place_are_those_within_the_radius_nearest_first():
    lyon = locate("Lyon", "FR")

    near = gazetteer().places_near(lyon.latitude, lyon.longitude, 25)
    names = [p.name for p in near]

    assert names[0] == "Lyon"
    assert {"Villeurbanne", "Bron", "Écully", "Vénissieux"} <= set(names)
    assert "Saint-Étienne" not in names  # 50 km away
    distances = [p.distance_km(lyon.latitude, lyon.longitude) for p in near]
    assert distances == sorted(distances)
    assert max(distances) <= 25


def test_a_distance_is_the_great_circle_one():
    # Montréal to Lyon: about 5,900 km.
    assert 5800 < distance_km(45.5088, -73.5878, 45.7491, 4.8479) < 6000
    assert distance_km(45.0, 4.0, 45.0, 4.0) == 0


@pytest.mark.parametrize(
    ("city", "country", "region", "latitude", "longitude"),
    [
        ("Springfield", "US", "Massachusetts", 42.1, -72.6),
        ("Springfield", "US", "MA", 42.1, -72.6),
        ("Springfield", "US", "", 37.2, -93.3),
        ("Portland", "US", "Maine", 43.7, -70.3),
        ("London", "CA", "Ontario", 43.0, -81.2),
        ("Lyon", "FR", "Auvergne-Rhône-Alpes", 45.7, 4.8),
        ("Montreal", "CA", "QC", 45.5, -73.6),
    ],
)
def test_a_city_is_placed_in_its_region_where_two_share_the_name(
    city, country, region, latitude, longitude
):
    place = locate(city, country, region)

    assert (round(place.latitude, 1), round(place.longitude, 1)) == (latitude, longitude)


def test_a_city_the_gazetteer_lacks_in_its_region_is_not_placed_in_another():
    # Richmond, Québec is too small for the gazetteer; Richmond, British Columbia is not.
    assert locate("Richmond", "CA", "Québec") is None
    assert locate("Richmond", "CA", "").latitude > 49
    # A region the gazetteer cannot name leaves the choice to the population.
    assert locate("Lyon", "FR", "Rhône") is not None
