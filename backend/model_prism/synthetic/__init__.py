"""Synthetic routing tests (routing.md §16–§17): the pure parts.

Prompt wording, validation of what a generator or evaluator model answers, the routing-eval JSONL export,
run comparison and the rule-set benchmark arithmetic. No flask, mongoengine or HTTP imports: the services
(``services/synthetic*.py``) load documents, call the provider adapter and store the outcome.
"""
