"""The Zensical adapter of the build step: Zensical runs no plugin, so the step runs around it.

`python -m adapters.zensical` (`make build-zensical`): the docs with every marker replaced
(`sitebuild.prepare`), `zensical build` of a config that INHERITs mkdocs.yml and points at them,
then the steps over the built site (`sitebuild.finish`), written to `site/`.
"""
