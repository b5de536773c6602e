"""pg_hba.conf lines that let anyone in without a password defeat the server's roles:
`fuban server check` names them (db.server_auth)."""

from db.server_auth import HbaRule, weak_rules


def test_network_trust_and_cleartext_lines_for_the_database_are_reported():
    rules = [
        HbaRule(1, "local", ("all",), None, "trust"),  # on the server itself only
        HbaRule(2, "host", ("all",), "127.0.0.1", "trust"),
        HbaRule(3, "host", ("fuban",), "192.168.10.0", "scram-sha-256"),
        HbaRule(4, "hostssl", ("fuban",), "0.0.0.0", "password"),
        HbaRule(5, "host", ("other",), "0.0.0.0", "trust"),  # another database
        HbaRule(6, "host", ("fuban",), "10.0.0.0", "reject"),
    ]
    found = weak_rules(rules, "fuban")
    assert [f.split(" 行")[0] for f in found] == ["pg_hba.conf 第 2", "pg_hba.conf 第 4"]
    assert "trust" in found[0] and "127.0.0.1" in found[0] and "scram-sha-256" in found[0]
    assert "明文" in found[1]
    assert weak_rules(rules[2:3], "fuban") == []
