"""The organisation subtree each viewer may see."""

from elearn.extensions import db
from elearn.models import OrgClosure, User
from elearn.reporting.scope import scope_for, visible_units


def _names(scope):
    return {u.username for u in db.session.scalars(db.select(User).where(scope.users()))}


def test_closure_is_rebuilt_on_import(org):
    count = db.session.scalar(db.select(db.func.count()).select_from(OrgClosure))
    # 9 units: 9 self rows, 7 parent links, 4 grandparent links.
    assert count == 9 + 7 + 4


def test_each_role_sees_its_subtree(org, make_user):
    make_user("a1", unit_id=org["PKM-A1"])
    make_user("a2", unit_id=org["PKM-A2"])
    make_user("kel", unit_id=org["KEL-A1"])
    make_user("b1", unit_id=org["PKM-B1"])
    make_user("nounit")
    bkpsdm = make_user("bkpsdm-a", roles=("hr",), scope_unit_id=org["KOTA-A"], unit_id=None)
    dinkes = make_user("hr-dinkes", roles=("hr",), scope_unit_id=org["DINKES-A"])
    head = make_user("kapus", roles=("supervisor",), unit_id=org["PKM-A1"])
    admin = make_user("admin", roles=("admin",))
    unscoped = make_user("hr-none", roles=("hr",))
    learner = make_user("learner-x", unit_id=org["PKM-A1"])

    assert _names(scope_for(bkpsdm)) == {"a1", "a2", "kel", "kapus", "learner-x"}
    assert _names(scope_for(dinkes)) == {"a1", "a2", "kapus", "learner-x"}
    assert _names(scope_for(head)) == {"a1", "kapus", "learner-x"}
    assert scope_for(head).read_only
    assert "b1" in _names(scope_for(admin)) and "nounit" in _names(scope_for(admin))
    assert _names(scope_for(unscoped)) == set()
    assert _names(scope_for(learner)) == set()


def test_has_unit_and_picker_order(org, make_user):
    dinkes = make_user("hr-dinkes", roles=("hr",), scope_unit_id=org["DINKES-A"])
    scope = scope_for(dinkes)
    assert scope.has_unit(org["PKM-A2"])
    assert not scope.has_unit(org["KOTA-A"])
    assert not scope.has_unit(org["PKM-B1"])
    assert [(u.code, d) for u, d in visible_units(scope)] == [
        ("DINKES-A", 0),
        ("PKM-A2", 1),  # "… Dua" sorts before "… Satu"
        ("PKM-A1", 1),
    ]
