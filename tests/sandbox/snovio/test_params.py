from sandbox.snovio.params import as_bool, body_params, parse_pairs


def test_empty_brackets_build_a_list():
    assert parse_pairs([("phones[]", "1"), ("phones[]", "2")]) == {"phones": ["1", "2"]}


def test_named_brackets_build_a_dict_and_quotes_are_dropped():
    pairs = [("customFields[Industry]", "Retail"), ("customFields['Employees']", "5")]
    assert parse_pairs(pairs) == {"customFields": {"Industry": "Retail", "Employees": "5"}}


def test_repeated_plain_keys_build_a_list():
    assert parse_pairs([("phones", "1"), ("phones", "2"), ("x", "y")]) == {
        "phones": ["1", "2"],
        "x": "y",
    }


def test_malformed_json_is_an_empty_body():
    assert body_params("application/json", b"{nope") == {}
    assert body_params("application/json", b"[1, 2]") == {}


def test_urlencoded_bodies_use_bracket_notation():
    body = b"listId=3&socialLinks%5BlinkedIn%5D=u"
    assert body_params("application/x-www-form-urlencoded", body) == {
        "listId": "3",
        "socialLinks": {"linkedIn": "u"},
    }


def test_booleans_from_forms_and_json():
    assert as_bool(True) and as_bool("1") and as_bool("true")
    assert not as_bool("0") and not as_bool(False) and not as_bool("")
