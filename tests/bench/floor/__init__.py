"""The floor for webhook intake: the least a Django app can do with a webhook (parse the JSON,
INSERT the body keyed by its delivery id, one commit), served beside ours by the same gunicorn
with the same workers and database, so `make bench` prints ours / floor."""
