"""Outcome measures: the pure scoring core (no Django import, ever).

- `keys`: every instrument's scoring key as data, with its sources;
- `scoring.score`: score one set of answers (missing answers never count as 0);
- `change.reliable_change`: Jacobson & Truax reliable and clinically significant change;
- `packs`: built-in verbatim wording and deployer-supplied licensed instrument packs;
- `cli`: `kindmind measures list | score | rci`;
- `progress`, `charts`: scores over time against the baseline, and the chart's geometry;
- `fhir`: the FHIR R4 export (QuestionnaireResponse and Observation), through fhirclient.

The Django app that stores and shows questionnaires (apps, models, forms, actions,
catalogue, views) lives in this package too and calls these; they never call it.
"""
