"""Reads a topic from the beginning with kafka-python (Debian's python3-kafka) and prints one JSON
line per record: partition, offset, timestamp, key, value, headers (as [key, value] pairs)."""
import json
import sys

from kafka import KafkaConsumer

bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
consumer = KafkaConsumer(
    topic,
    bootstrap_servers=bootstrap.split(','),
    auto_offset_reset='earliest',
    enable_auto_commit=False,
    consumer_timeout_ms=15000,
)
text = lambda b: None if b is None else b.decode('utf-8')
seen = 0
for m in consumer:
    print(json.dumps({
        'partition': m.partition,
        'offset': m.offset,
        'ts': m.timestamp,
        'key': text(m.key),
        'payload': text(m.value),
        'headers': [x for k, v in (m.headers or []) for x in (k, text(v))],
    }))
    seen += 1
    if seen >= count:
        break
consumer.close()
