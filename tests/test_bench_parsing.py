"""The web benchmark reads wrk's figures from the right lines."""

from bench.web import parse_wrk

SLOW_PAGE = """Running 10s test @ http://127.0.0.1:8000/programmes/bench/reports/highlight/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.12s   410.22ms   3.90s    50%
    Req/Sec     0.00      0.00     0.00     50%
  Latency Distribution
     50%    3.05s
     75%    3.41s
     90%    3.70s
     99%    3.90s
  12 requests in 10.01s, 1.21MB read
Requests/sec:      1.20
Transfer/sec:    123.45KB
"""


def test_the_percentiles_come_from_the_latency_distribution():
    assert parse_wrk(SLOW_PAGE) == (1.2, "3.05s", "3.90s")
