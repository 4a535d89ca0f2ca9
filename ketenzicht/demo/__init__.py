"""The synthetic demo chain.

`manage.py demo --persons N --seed S [--as-of YYYY-MM-DD]` loads reference data
(organisations, police regions, COA locations, Nidos regions, teams), the demo
logins (one per role, password "ketenzicht-demo") and a generated chain of N
persons from 2015 to the reference date, calibrated to ../shared/domain.md.
The same seed gives the same rows; a second run finds the data and does
nothing. `manage.py demo_logins` prints the logins, `manage.py demo_calibration`
compares the generated outcomes with the calibration inputs.

Modules: `reference` (organisations and places), `names` (name pools and
spelling variants), `variation` (how each organisation writes a person down),
`calibration` (the inputs), `plan` (one person's life, pure Python),
`generator` (batches of plans to rows), `fastinsert` (bulk inserts), `users`
(demo logins and staff), `measure` (outcomes from the database), `models`
(`DemoRun` and the linkage answer key `TrueIdentity`, which the application
never reads).
"""
