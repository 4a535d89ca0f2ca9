"""What every role may do with every object kind, in the world of `world.py`.

This table restates the access policy in terms of concrete objects, written
independently of `ketenzicht/access/policy.py` so that a change to the policy or
to a scope shows up as a failing row here. Each entry: role → action → the
names of the objects the role may act on (for `create`: `True` when allowed).
Roles and actions not listed are denied.
"""

from ketenzicht.access.policy import Action

L, V, C, U, E, LOG = (
    Action.LIST,
    Action.VIEW,
    Action.CREATE,
    Action.UPDATE,
    Action.EXPORT,
    Action.VIEW_LOG,
)

RECORDS = {
    "p_a": {"p_a_coa_0", "p_a_nidos_1"},
    "p_b": {"p_b_coa_0", "p_b_ind_1"},
    "p_ended": {"p_ended_coa_0"},
    "p_police": {"p_police_politie_0"},
    "p_kmar": {"p_kmar_kmar_0"},
    "p_dtv": {"p_dtv_dtv_0"},
}


ALL_USERS = (
    "mentor_a",
    "manager_a",
    "mentor_b",
    "voogd_1",
    "voogd_2",
    "avim_1",
    "ir_1",
    "avim_2",
    "kmar",
    "ind",
    "dtv",
    "ovj",
    "emm",
    "apm",
    "privacy",
    "beheerder_coa",
    "beheerder_politie",
)


def rows(names: set[str], *actions: Action, **narrower: set[str] | bool) -> dict:
    """Same rows for every action, except the narrower sets given by action name."""
    table: dict = {a: set(names) for a in actions if a != C}
    if C in actions:
        table[C] = True
    for action, value in narrower.items():
        table[Action(action)] = value
    return table


def records(*persons: str) -> set[str]:
    return set().union(*(RECORDS[p] for p in persons))


EXPECTED: dict[str, dict[str, dict]] = {
    "people.person": {
        "mentor_a": rows({"p_a"}, L, V),
        "manager_a": rows({"p_a"}, L, V, E, LOG),
        "mentor_b": rows({"p_b"}, L, V),
        "voogd_1": rows({"p_a"}, L, V, LOG),
        "voogd_2": rows({"p_b"}, L, V, LOG),
        # Police: their region, plus every person whose departure was reported (p_ended).
        "avim_1": rows({"p_a", "p_police", "p_ended"}, L, V, U, E, LOG),
        "ir_1": rows({"p_a", "p_police", "p_ended"}, L, V, C, U, LOG),
        "avim_2": rows({"p_b", "p_ended"}, L, V, U, E, LOG),
        "kmar": rows({"p_kmar"}, L, V),
        "ind": rows({"p_b"}, L, V, C, U),
        "dtv": rows({"p_dtv"}, L, V, C),
    },
    "people.identityrecord": {
        "mentor_a": rows(records("p_a"), L, V),
        "manager_a": rows(records("p_a"), L, V, C, U, update={"p_a_coa_0"}),
        "mentor_b": rows(records("p_b"), L, V),
        "voogd_1": rows(records("p_a"), L, V, C, U, update={"p_a_nidos_1"}),
        "voogd_2": rows(records("p_b"), L, V, C, U, update=set()),
        "avim_1": rows(
            records("p_a", "p_police", "p_ended"), L, V, C, U, update={"p_police_politie_0"}
        ),
        "ir_1": rows(
            records("p_a", "p_police", "p_ended"), L, V, C, U, update={"p_police_politie_0"}
        ),
        "avim_2": rows(records("p_b", "p_ended"), L, V, C, U, update=set()),
        "kmar": rows(records("p_kmar"), L, V),
        "ind": rows(records("p_b"), L, V, C, U, update={"p_b_ind_1"}),
        "dtv": rows(records("p_dtv"), L, V, C, U, update={"p_dtv_dtv_0"}),
    },
    "people.alias": {
        "mentor_a": rows({"al_a"}, L, V),
        "manager_a": rows({"al_a"}, L, V, C),
        "voogd_1": rows({"al_a"}, L, V, C),
        "avim_1": rows({"al_a"}, L, V, C),
        "ir_1": rows({"al_a"}, L, V, C),
        "mentor_b": rows(set(), L, V),
        "voogd_2": rows(set(), L, V, C),
        "avim_2": rows(set(), L, V, C),
        "kmar": rows(set(), L, V, C),
        "ind": rows(set(), L, V, C),
        "dtv": rows(set(), L, V, C),
    },
    "people.identitydocument": {
        "voogd_1": rows({"doc_a"}, L, V),
        "voogd_2": rows(set(), L, V),
        "avim_1": rows({"doc_a", "doc_police"}, L, V, C),
        "ir_1": rows({"doc_a", "doc_police"}, L, V, C),
        "avim_2": rows(set(), L, V, C),
        "kmar": rows(set(), L, V),
        "ind": rows(set(), L, V, C),
        "dtv": rows(set(), L, V, C),
    },
    "people.eurodachit": {
        "voogd_1": rows(set(), L, V),
        "voogd_2": rows({"eh_b"}, L, V),
        "avim_1": rows({"eh_police"}, L, V),
        "ir_1": rows({"eh_police"}, L, V, C),
        "avim_2": rows({"eh_b"}, L, V),
        "kmar": rows(set(), L, V),
        "ind": rows({"eh_b"}, L, V, C),
        "dtv": rows(set(), L, V),
    },
    "people.foreignreference": {
        "voogd_1": rows({"fr_a"}, L, V),
        "voogd_2": rows(set(), L, V),
        "avim_1": rows({"fr_a"}, L, V, C),
        "ir_1": rows({"fr_a"}, L, V, C),
        "avim_2": rows(set(), L, V, C),
        "kmar": rows(set(), L, V, C),
        "ind": rows(set(), L, V, C),
        "dtv": rows(set(), L, V),
    },
    "people.asylumapplication": {
        "mentor_a": rows({"as_a"}, L, V),
        "manager_a": rows({"as_a"}, L, V),
        "mentor_b": rows({"as_b"}, L, V),
        "voogd_1": rows({"as_a"}, L, V),
        "voogd_2": rows({"as_b"}, L, V),
        "avim_1": rows({"as_a"}, L, V),
        "ir_1": rows({"as_a"}, L, V),
        "avim_2": rows({"as_b"}, L, V),
        "kmar": rows(set(), L, V),
        "ind": rows({"as_b"}, L, V, C, U),
        "dtv": rows(set(), L, V),
    },
    "people.ageinvestigation": {
        "mentor_a": rows(set(), L, V),
        "manager_a": rows(set(), L, V),
        "mentor_b": rows(set(), L, V),
        "voogd_1": rows(set(), L, V),
        "voogd_2": rows(set(), L, V),
        "avim_1": rows({"inv_police"}, L, V),
        "ir_1": rows({"inv_police"}, L, V, C, U),
        "avim_2": rows(set(), L, V),
        "ind": rows(set(), L, V, C, U),
        "dtv": rows(set(), L, V),
    },
    "people.ageinspection": {
        "mentor_a": rows({"ai_a"}, L, V),
        "manager_a": rows({"ai_a"}, L, V),
        "voogd_1": rows({"ai_a"}, L, V),
        "avim_1": rows({"ai_a", "ai_police"}, L, V),
        "ir_1": rows({"ai_a", "ai_police"}, L, V, C),
        "ind": rows(set(), L, V, C),
        "dtv": rows(set(), L, V),
        "mentor_b": rows(set(), L, V),
        "voogd_2": rows(set(), L, V),
        "avim_2": rows(set(), L, V),
    },
    "people.guardianship": {
        "mentor_a": rows({"g_a"}, L, V),
        "manager_a": rows({"g_a"}, L, V),
        "mentor_b": rows({"g_b"}, L, V),
        "voogd_1": rows({"g_a"}, L, V, C, U),
        "voogd_2": rows({"g_b"}, L, V, C, U),
        "avim_1": rows({"g_a"}, L, V),
        "ir_1": rows({"g_a"}, L, V, C),
        "avim_2": rows({"g_b"}, L, V),
        "ind": rows({"g_b"}, L, V, C),
    },
    "reception.location": {
        "mentor_a": rows({"loc_a"}, L, V),
        "manager_a": rows({"loc_a"}, L, V, U),
        "mentor_b": rows({"loc_b"}, L, V),
        **{
            name: rows({"loc_a", "loc_b"}, L, V)
            for name in (
                "voogd_1",
                "voogd_2",
                "avim_1",
                "ir_1",
                "avim_2",
                "kmar",
                "ind",
                "dtv",
                "apm",
            )
        },
        "beheerder_coa": rows({"loc_a", "loc_b"}, L, V, C, U),
        "beheerder_politie": rows(set(), L, V, C, U),
    },
    "reception.riskfactor": {
        "beheerder_coa": rows({"rf_debt"}, L, V, C, U),
        "beheerder_politie": rows(set(), L, V, C, U),
    },
    "reception.placement": {
        "mentor_a": rows({"pl_a"}, L, V),
        "manager_a": rows({"pl_a"}, L, V, C, U, update={"pl_a", "pl_ended", "pl_merged"}),
        "mentor_b": rows({"pl_b"}, L, V),
        "voogd_1": rows({"pl_a"}, L, V),
        "voogd_2": rows({"pl_b"}, L, V),
        "avim_1": rows({"pl_a", "pl_ended"}, L, V),
        "ir_1": rows({"pl_a", "pl_ended"}, L, V),
        "avim_2": rows({"pl_b", "pl_ended"}, L, V),
        "ind": rows({"pl_b"}, L, V),
        "dtv": rows(set(), L, V),
    },
    "reception.riskassessment": {
        "mentor_a": rows({"ra_a"}, L, V, C),
        "manager_a": rows({"ra_a"}, L, V, C),
        "mentor_b": rows({"ra_b"}, L, V, C),
        "voogd_1": rows({"ra_a"}, L, V, C),
        "voogd_2": rows({"ra_b"}, L, V, C),
        "avim_1": rows({"ra_a"}, L, V),
        "ir_1": rows({"ra_a"}, L, V),
        "avim_2": rows({"ra_b"}, L, V),
    },
    "reception.presencecheck": {
        "mentor_a": rows({"pc_a"}, L, V, C),
        "manager_a": rows({"pc_a"}, L, V, C),
        "mentor_b": rows(set(), L, V, C),
        "voogd_1": rows({"pc_a"}, L, V),
        "voogd_2": rows(set(), L, V),
        "avim_1": rows({"pc_a"}, L, V),
        "avim_2": rows(set(), L, V),
    },
    "deadlines.deadline": {
        "mentor_a": rows({"d_coa_a", "d_coa"}, L, V),
        "manager_a": rows({"d_coa_a", "d_coa"}, L, V),
        "mentor_b": rows({"d_coa"}, L, V),
        "voogd_1": rows({"d_nidos"}, L, V),
        "voogd_2": rows({"d_nidos"}, L, V),
        "avim_1": rows({"d_pol_1"}, L, V),
        "ir_1": rows({"d_pol_1"}, L, V),
        "avim_2": rows(set(), L, V),
        "kmar": rows(set(), L, V),
        "ind": rows(set(), L, V),
        "dtv": rows(set(), L, V),
        "ovj": rows(set(), L, V),
    },
    "deadlines.notification": {
        **{name: rows(set(), L, V, U) for name in ALL_USERS},
        "mentor_a": rows({"n_mentor"}, L, V, U),
        "voogd_1": rows({"n_voogd"}, L, V, U),
    },
    "departures.departurecase": {
        "mentor_a": rows({"dc_a", "dc_ended"}, L, V, C, U),
        "manager_a": rows({"dc_a", "dc_ended"}, L, V, C, U, E),
        "mentor_b": rows({"dc_b"}, L, V, C, U),
        "voogd_1": rows({"dc_a"}, L, V, C, U),
        "voogd_2": rows({"dc_b", "dc_ended"}, L, V, C, U),
        "avim_1": rows({"dc_a", "dc_ended"}, L, V, U, E),
        "ir_1": rows({"dc_a", "dc_ended"}, L, V, U),
        "avim_2": rows({"dc_ended", "dc_b"}, L, V, U, E),
        "dtv": rows({"dc_ended"}, L, V, U),
        "ind": rows({"dc_b"}, L, V, U),
        "ovj": rows({"dc_a"}, L, V),
        "apm": rows({"dc_a", "dc_ended", "dc_b"}, E),
    },
    "departures.triggerproposal": {
        "mentor_a": rows({"tp_a"}, L, V, U),
        "manager_a": rows({"tp_a"}, L, V, U),
        "mentor_b": rows({"tp_b"}, L, V, U),
    },
    "signals.signal": {
        "kmar": rows({"sig_kmar_new", "sig_om"}, L, V, C, U, E),
        "avim_1": rows({"sig_pol_graded", "sig_emm"}, L, V, C, U, E),
        "avim_2": rows({"sig_pol_graded", "sig_emm"}, L, V, C, U, E),
        "ovj": rows({"sig_om"}, L, V, U, E),
        "emm": rows({"sig_pol_graded", "sig_emm"}, L, V, E),
        "mentor_a": rows({"sig_pol_graded"}, L, V, C),
        **{
            name: rows(set(), L, V, C)
            for name in ("manager_a", "mentor_b", "voogd_1", "voogd_2", "ir_1", "ind", "dtv")
        },
    },
    "signals.entity": {
        "kmar": rows({"ent_phone"}, L, V),
        "avim_1": rows({"ent_plate"}, L, V),
        "avim_2": rows({"ent_plate"}, L, V),
        "ovj": rows({"ent_phone"}, L, V),
        "emm": rows({"ent_plate"}, L, V),
    },
    "signals.investigation": {
        "ovj": rows({"inv_kmar", "inv_pol"}, L, V, C, U),
        "kmar": rows({"inv_kmar"}, L, V),
        "avim_1": rows({"inv_pol"}, L, V),
        "avim_2": rows({"inv_pol"}, L, V),
    },
    "signals.category": {
        "beheerder_coa": rows({"cat_smuggling", "cat_trafficking"}, L, V, C, U),
        "beheerder_politie": rows({"cat_smuggling", "cat_trafficking"}, L, V, C, U),
    },
    "signals.statistics": {
        name: {L: True, E: True} for name in ("kmar", "avim_1", "avim_2", "ovj", "emm", "apm")
    },
    "linkage.linkagerun": {
        "ir_1": rows({"run_done"}, L, V, C),
        "beheerder_coa": rows({"run_done"}, L, V, C),
        "beheerder_politie": rows({"run_done"}, L, V, C),
    },
    "linkage.candidatelink": {
        "ir_1": rows({"cand_kmar_dtv"}, L, V, U),
    },
    "linkage.merge": {
        "ir_1": rows({"merge_a"}, L, V, C, U),
    },
    "accounts.user": {
        "beheerder_coa": rows(
            {"mentor_a", "manager_a", "mentor_b", "privacy", "beheerder_coa"}, L, V, C, U
        ),
        "beheerder_politie": rows({"avim_1", "ir_1", "avim_2", "beheerder_politie"}, L, V, C, U),
    },
    "accounts.unit": {
        "beheerder_coa": rows({"unit_a", "unit_b"}, L, V, C, U),
        "beheerder_politie": rows({"region_1", "region_2"}, L, V, C, U),
    },
    "audit.auditevent": {
        "beheerder_coa": rows({"ev_coa"}, L, V, E),
        "beheerder_politie": rows({"ev_politie"}, L, V, E),
        "privacy": rows({"ev_coa", "ev_politie"}, L, V, E),
    },
}
