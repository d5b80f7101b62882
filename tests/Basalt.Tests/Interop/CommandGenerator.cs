using System.Globalization;
using System.Text;

namespace Basalt.Tests.Interop;

/// <summary>
/// A seeded generator of command scripts over strings, keys, expiry, transactions and errors. The script does not
/// predict replies: the same script is sent to redis-server and basalt-server and their replies are compared.
/// Timing-sensitive values are chosen so that both servers decide the same way: relative TTLs are unique multiples
/// of 10 s (so NX/XX/GT/LT comparisons are never within milliseconds of their threshold), and expiries that must
/// take effect are in the past (the key is deleted at once), never a few milliseconds ahead.
/// </summary>
public sealed class CommandGenerator
{
    private readonly Random _rng;
    private readonly long _nowMs;
    private readonly HashSet<long> _usedTtls = [];
    private readonly List<GeneratedCommand> _out = [];
    private readonly List<ReplyCheck> _queued = [];
    private int _conn;
    private int _multiConn = -1;

    public CommandGenerator(int seed, DateTimeOffset now)
    {
        Seed = seed;
        _rng = new Random(seed);
        _nowMs = now.ToUnixTimeMilliseconds();
    }

    public int Seed { get; }

    // ---------------------------------------------------------------- families

    public IReadOnlyList<GeneratedCommand> Strings(int count) => Build(count, StringStep);

    public IReadOnlyList<GeneratedCommand> Bits(int count) => Build(count, BitStep);

    public IReadOnlyList<GeneratedCommand> Keys(int count) => Build(count, KeyStep);

    public IReadOnlyList<GeneratedCommand> Expiry(int count) => Build(count, ExpiryStep);

    public IReadOnlyList<GeneratedCommand> Transactions(int count) => Build(count, TransactionStep);

    public IReadOnlyList<GeneratedCommand> Errors(int count) => Build(count, ErrorStep);

    public IReadOnlyList<GeneratedCommand> WrongType(int count) => Build(count, WrongTypeStep);

    /// <summary>A mix of every family except errors, for a RESP3 connection (HELLO 3 is sent by the caller).</summary>
    public IReadOnlyList<GeneratedCommand> Mixed(int count) => Build(count, () =>
    {
        switch (_rng.Next(6))
        {
            case 0: StringStep(); break;
            case 1: KeyStep(); break;
            case 2: ExpiryStep(); break;
            case 3: BitStep(); break;
            case 4: TransactionStep(); break;
            default:
                // Replies whose RESP3 shape differs from RESP2: nulls, LCS IDX maps, MGET with nulls.
                switch (_rng.Next(4))
                {
                    case 0: Emit("LCS", Key(), Key(), "IDX", "WITHMATCHLEN"); break;
                    case 1: Emit("MGET", Key(), "missing-key", Key()); break;
                    case 2: Emit("GET", "missing-key"); break;
                    default: Emit("GETEX", "missing-key", "PERSIST"); break;
                }
                break;
        }
    });

    private IReadOnlyList<GeneratedCommand> Build(int count, Action step)
    {
        _out.Clear();
        _conn = 0;
        while (_out.Count < count)
        {
            step();
        }
        // Never leave a transaction open at the end.
        if (_multiConn >= 0)
        {
            _conn = _multiConn;
            EmitExec("DISCARD");
        }
        return _out.ToArray();
    }

    // ---------------------------------------------------------------- strings

    private void StringStep()
    {
        switch (Pick(15, 10, 3, 3, 4, 3, 3, 2, 4, 3, 5, 5, 3, 5, 5, 6, 5, 5, 3, 5, 3, 2, 1))
        {
            case 0: Set(); break;
            case 1: Emit("GET", Key()); break;
            case 2: Emit("GETSET", Key(), Value()); break;
            case 3: Emit("GETDEL", Key()); break;
            case 4: GetEx(); break;
            case 5: Emit("SETNX", Key(), Value()); break;
            case 6: Emit("SETEX", Key(), ExpireSeconds(allowBad: _rng.Next(10) == 0), Value()); break;
            case 7: Emit("PSETEX", Key(), ExpireMillis(allowBad: _rng.Next(10) == 0), Value()); break;
            case 8: Emit(["MSET", .. Pairs(1 + _rng.Next(4))]); break;
            case 9: Emit(["MSETNX", .. Pairs(1 + _rng.Next(3))]); break;
            case 10: Emit(["MGET", .. Enumerable.Range(0, 1 + _rng.Next(5)).Select(_ => (object)Key())]); break;
            case 11: Emit("APPEND", Key(), Value()); break;
            case 12: Emit("STRLEN", Key()); break;
            case 13: Emit(OneOf("INCR", "DECR"), Key()); break;
            case 14: Emit(OneOf("INCRBY", "DECRBY"), Key(), IntArg()); break;
            case 15: Emit("INCRBYFLOAT", Key(), FloatArg()); break;
            case 16: Emit(OneOf("GETRANGE", "SUBSTR"), Key(), RangeIndex(), RangeIndex()); break;
            case 17: Emit("SETRANGE", Key(), SetRangeOffset(), Value()); break;
            case 18: Lcs(); break;
            case 19: Emit("OBJECT", "ENCODING", Key()); break;
            case 20: Emit("DEL", Key()); break;
            case 21: Emit("EXISTS", Key()); break;
            default: Emit("DBSIZE"); break;
        }
    }

    private void Set()
    {
        var opts = new List<object[]>();
        int cond = _rng.Next(10);
        if (cond < 2)
        {
            opts.Add(["NX"]);
        }
        else if (cond < 4)
        {
            opts.Add(["XX"]);
        }
        if (_rng.Next(4) == 0)
        {
            opts.Add(["GET"]);
        }
        switch (_rng.Next(10))
        {
            case 0: opts.Add(["EX", ExpireSeconds(allowBad: false)]); break;
            case 1: opts.Add(["PX", ExpireMillis(allowBad: false)]); break;
            case 2: opts.Add(["EXAT", AbsoluteSeconds()]); break;
            case 3: opts.Add(["PXAT", AbsoluteMillis()]); break;
            case 4: opts.Add(["KEEPTTL"]); break;
        }
        if (_rng.Next(14) == 0)
        {
            // Something invalid.
            opts.Add(_rng.Next(10) switch
            {
                0 => ["NX", "XX"],
                1 => ["EX", "10", "PX", "10000"],
                2 => ["EX", "0"],
                3 => ["EX", "-5"],
                4 => ["PX", "abc"],
                5 => ["KEEPTTL", "EX", "100"],
                6 => ["FOO"],
                7 => ["EXAT", "0"],
                8 => ["EX", "9223372036854775807"],
                _ => ["GET", "GET"],
            });
        }
        Shuffle(opts);
        var args = new List<object> { "SET", Key(), Value() };
        foreach (var o in opts)
        {
            args.AddRange(o);
        }
        if (_rng.Next(60) == 0)
        {
            args.Add("EX"); // option without its value
        }
        Emit([.. args]);
    }

    private void GetEx()
    {
        var args = new List<object> { "GETEX", Key() };
        switch (_rng.Next(9))
        {
            case 0: args.AddRange(["EX", ExpireSeconds(allowBad: _rng.Next(8) == 0)]); break;
            case 1: args.AddRange(["PX", ExpireMillis(allowBad: _rng.Next(8) == 0)]); break;
            case 2: args.AddRange(["EXAT", AbsoluteSeconds()]); break;
            case 3: args.AddRange(["PXAT", AbsoluteMillis()]); break;
            case 4: args.Add("PERSIST"); break;
            case 5: args.AddRange(_rng.Next(3) switch { 0 => ["EX", "10", "PX", "100"], 1 => ["PERSIST", "EX", "10"], _ => ["KEEPTTL"] }); break;
        }
        Emit([.. args]);
    }

    private void Lcs()
    {
        var args = new List<object> { "LCS", Key(), Key() };
        switch (_rng.Next(8))
        {
            case 0: args.Add("LEN"); break;
            case 1: args.Add("IDX"); break;
            case 2: args.AddRange(["IDX", "MINMATCHLEN", _rng.Next(0, 5)]); break;
            case 3: args.AddRange(["IDX", "WITHMATCHLEN"]); break;
            case 4: args.AddRange(["IDX", "MINMATCHLEN", _rng.Next(0, 4), "WITHMATCHLEN"]); break;
            case 5: args.AddRange(_rng.Next(3) switch { 0 => ["LEN", "IDX"], 1 => ["FOO"], _ => ["IDX", "MINMATCHLEN", "x"] }); break;
        }
        Emit([.. args]);
    }

    // ---------------------------------------------------------------- bits

    private void BitStep()
    {
        switch (Pick(20, 10, 10, 10, 8, 6, 3, 4, 2, 2, 2))
        {
            case 0: Emit("SETBIT", Key(), BitOffset(), _rng.Next(25) == 0 ? OneOf("2", "-1", "x") : _rng.Next(2)); break;
            case 1: Emit("GETBIT", Key(), BitOffset()); break;
            case 2:
                {
                    var args = new List<object> { "BITCOUNT", Key() };
                    int form = _rng.Next(10);
                    if (form >= 3)
                    {
                        args.AddRange([RangeIndex(), RangeIndex()]);
                    }
                    if (form >= 6)
                    {
                        args.Add(_rng.Next(12) == 0 ? "FOO" : OneOf("BYTE", "BIT", "bit"));
                    }
                    if (form == 9 && _rng.Next(2) == 0)
                    {
                        args.RemoveAt(args.Count - 1);
                        args.RemoveAt(args.Count - 1); // BITCOUNT key start: syntax error
                    }
                    Emit([.. args]);
                    break;
                }
            case 3:
                {
                    object bit = _rng.Next(20) == 0 ? OneOf("2", "x") : _rng.Next(2);
                    var args = new List<object> { "BITPOS", Key(), bit };
                    int form = _rng.Next(10);
                    if (form >= 3)
                    {
                        args.Add(RangeIndex());
                    }
                    if (form >= 5)
                    {
                        args.Add(RangeIndex());
                    }
                    if (form >= 7)
                    {
                        args.Add(_rng.Next(12) == 0 ? "FOO" : OneOf("BYTE", "BIT"));
                    }
                    Emit([.. args]);
                    break;
                }
            case 4:
                {
                    string op = _rng.Next(15) == 0 ? "NAND" : OneOf("AND", "OR", "XOR", "NOT", "and");
                    int sources = op == "NOT" && _rng.Next(6) != 0 ? 1 : 1 + _rng.Next(3);
                    Emit(["BITOP", op, Key(), .. Enumerable.Range(0, sources).Select(_ => (object)Key())]);
                    break;
                }
            case 5: Emit(OneOf("SET", "APPEND"), Key(), BinaryValue()); break;
            case 6: Emit("SET", Key(), Value()); break;
            case 7: Emit("GET", Key()); break;
            case 8: Emit("STRLEN", Key()); break;
            case 9: Emit("DEL", Key()); break;
            default: Emit("GETRANGE", Key(), RangeIndex(), RangeIndex()); break;
        }
    }

    // ---------------------------------------------------------------- keys

    private void KeyStep()
    {
        switch (Pick(8, 3, 2, 6, 3, 6, 5, 3, 5, 4, 6, 4, 5, 3, 4, 1, 2, 2, 3, 2, 2, 4))
        {
            case 0: Emit("SET", Key(), Value()); break;
            case 1: Emit(["MSET", .. Pairs(1 + _rng.Next(4))]); break;
            case 2: if (_rng.Next(2) == 0) { Emit("INCR", Key()); } else { Emit("APPEND", Key(), "1"); } break;
            case 3: Emit(["DEL", .. SomeKeys(1, 4)]); break;
            case 4: Emit(["UNLINK", .. SomeKeys(1, 3)]); break;
            case 5: Emit(["EXISTS", .. SomeKeys(1, 5)]); break;
            case 6: Emit("TYPE", Key()); break;
            case 7: Emit(["TOUCH", .. SomeKeys(1, 3)]); break;
            case 8: Emit("RENAME", Key(), Key()); break;
            case 9: Emit("RENAMENX", Key(), Key()); break;
            case 10: Copy(); break;
            case 11: Emit("MOVE", Key(), DbIndex()); break;
            case 12: Emit("SELECT", DbIndex()); break;
            case 13: Emit("DBSIZE"); break;
            case 14: EmitChecked(ReplyCheck.Unordered, "KEYS", Pattern()); break;
            case 15: Emit(_rng.Next(3) switch { 0 => ["FLUSHDB", "ASYNC"], 1 => ["FLUSHDB", "SYNC"], _ => ["FLUSHDB"] }); break;
            case 16: Emit("ECHO", Value()); break;
            case 17: Emit(_rng.Next(2) == 0 ? ["PING"] : ["PING", Value()]); break;
            case 18: Emit("OBJECT", "ENCODING", Key()); break;
            case 19: Emit("EXPIRE", Key(), FreshTtlSeconds()); break;
            case 20: EmitChecked(ReplyCheck.ClockSeconds, "TTL", Key()); break;
            default: Emit("GET", Key()); break;
        }
    }

    private void Copy()
    {
        var args = new List<object> { "COPY", Key(), Key() };
        if (_rng.Next(3) == 0)
        {
            args.AddRange(["DB", DbIndex()]);
        }
        if (_rng.Next(3) == 0)
        {
            args.Add("REPLACE");
        }
        if (_rng.Next(25) == 0)
        {
            args.Add("FOO");
        }
        Shuffle(args, from: 3);
        Emit([.. args]);
    }

    // ---------------------------------------------------------------- expiry

    private void ExpiryStep()
    {
        switch (Pick(10, 3, 5, 20, 8, 6, 4, 4, 5, 6, 5, 5, 3, 2, 3, 2))
        {
            case 0: Set(); break;
            case 1: Emit("SET", Key(), Value(), "KEEPTTL"); break;
            case 2: Emit("SET", Key(), Value()); break;
            case 3: Expire(); break;
            case 4: EmitChecked(ReplyCheck.ClockSeconds, "TTL", Key()); break;
            case 5: EmitChecked(ReplyCheck.ClockMillis, "PTTL", Key()); break;
            case 6: EmitChecked(ReplyCheck.ClockSeconds, "EXPIRETIME", Key()); break;
            case 7: EmitChecked(ReplyCheck.ClockMillis, "PEXPIRETIME", Key()); break;
            case 8: Emit("PERSIST", Key()); break;
            case 9: GetEx(); break;
            case 10:
                if (_rng.Next(2) == 0)
                {
                    Emit("SETEX", Key(), ExpireSeconds(allowBad: _rng.Next(6) == 0), Value());
                }
                else
                {
                    Emit("PSETEX", Key(), ExpireMillis(allowBad: _rng.Next(6) == 0), Value());
                }
                break;
            case 11: Emit(OneOf("GET", "EXISTS"), Key()); break;
            case 12: if (_rng.Next(2) == 0) { Emit("RENAME", Key(), Key()); } else { Copy(); } break;
            case 13: Emit("DBSIZE"); break;
            case 14: if (_rng.Next(2) == 0) { Emit("APPEND", Key(), "1"); } else { Emit("SETRANGE", Key(), _rng.Next(4), "ab"); } break;
            default: Emit("GETSET", Key(), Value()); break;
        }
    }

    private void Expire()
    {
        string cmd = OneOf("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT");
        object when = cmd switch
        {
            "EXPIRE" => ExpireSeconds(allowBad: true, allowNonPositive: true),
            "PEXPIRE" => ExpireMillis(allowBad: true, allowNonPositive: true),
            "EXPIREAT" => _rng.Next(8) == 0 ? PastOrBad(millis: false) : AbsoluteSeconds(),
            _ => _rng.Next(8) == 0 ? PastOrBad(millis: true) : AbsoluteMillis(),
        };
        var args = new List<object> { cmd, Key(), when };
        int r = _rng.Next(100);
        if (r < 45)
        {
            args.Add(OneOf("NX", "XX", "GT", "LT", "nx", "gt"));
        }
        else if (r < 50)
        {
            args.AddRange(_rng.Next(4) switch { 0 => ["NX", "XX"], 1 => ["GT", "LT"], 2 => ["NX", "GT"], _ => ["XX", "GT"] });
        }
        else if (r < 52)
        {
            args.Add("FOO");
        }
        Emit([.. args]);
    }

    // ---------------------------------------------------------------- transactions

    private void TransactionStep()
    {
        int r = _rng.Next(100);
        if (r < 65)
        {
            TransactionBlock();
        }
        else if (r < 75)
        {
            Emit(_rng.Next(5) switch { 0 => ["EXEC"], 1 => ["DISCARD"], 2 => ["UNWATCH"], 3 => ["WATCH"], _ => ["MULTI", "x"] });
        }
        else
        {
            _conn = _rng.Next(2);
            if (_rng.Next(2) == 0)
            {
                StringStep();
            }
            else
            {
                KeyStep();
            }
            _conn = 0;
        }
    }

    private void TransactionBlock()
    {
        int me = _rng.Next(5) == 0 ? 1 : 0;
        int other = 1 - me;
        _conn = me;
        var watched = new List<object>();
        if (_rng.Next(10) < 5)
        {
            watched.AddRange(SomeKeys(1, 3));
            Emit(["WATCH", .. watched]);
            int touch = _rng.Next(10);
            if (touch < 4)
            {
                // Another client writes (or merely reads) a watched key, or another key.
                _conn = other;
                object k = _rng.Next(4) == 0 ? Key() : watched[_rng.Next(watched.Count)];
                switch (_rng.Next(9))
                {
                    case 0: Emit("SET", k, Value()); break;
                    case 1: Emit("DEL", k); break;
                    case 2: Emit("EXPIRE", k, FreshTtlSeconds()); break;
                    case 3: Emit("INCR", k); break;
                    case 4: Emit("GET", k); break;
                    case 5: Emit("PERSIST", k); break;
                    case 6: Emit("RENAME", k, Key()); break;
                    case 7: Emit("EXPIRE", k, "-1"); break;
                    default: Emit(_rng.Next(3) == 0 ? ["FLUSHDB"] : ["APPEND", k, "x"]); break;
                }
                _conn = me;
            }
            else if (touch < 5)
            {
                Emit("SET", watched[0], Value()); // the watching client itself
            }
            else if (touch < 6)
            {
                Emit("UNWATCH");
            }
        }
        Emit("MULTI");
        _multiConn = me;
        _queued.Clear();
        int n = _rng.Next(7);
        for (int i = 0; i < n; i++)
        {
            int q = _rng.Next(100);
            if (q < 4)
            {
                Emit(OneOf("NOSUCHCOMMAND", "GETT"), Key()); // refused at queue time: EXECABORT
            }
            else if (q < 7)
            {
                Emit("GET"); // wrong arity at queue time: EXECABORT
            }
            else if (q < 9)
            {
                Emit("MULTI");
            }
            else if (q < 11)
            {
                Emit("WATCH", Key());
            }
            else
            {
                switch (_rng.Next(4))
                {
                    case 0: StringStep(); break;
                    case 1: KeyStep(); break;
                    case 2: ExpiryStep(); break;
                    default: Emit("INCR", Key()); break;
                }
            }
        }
        EmitExec(_rng.Next(7) == 0 ? "DISCARD" : "EXEC");
        _conn = 0;
    }

    private void EmitExec(string name)
    {
        var checks = _queued.ToArray();
        _multiConn = -1;
        _queued.Clear();
        _out.Add(new GeneratedCommand(_conn, [Bytes(Mangle(name))], name == "EXEC" ? ReplyCheck.Exec : ReplyCheck.Exact) { ExecChecks = checks });
    }

    // ---------------------------------------------------------------- errors

    private static readonly string[] KnownCommands =
    [
        "GET", "SET", "GETSET", "GETDEL", "GETEX", "SETNX", "SETEX", "PSETEX", "MSET", "MSETNX", "MGET", "APPEND",
        "STRLEN", "INCR", "DECR", "INCRBY", "DECRBY", "INCRBYFLOAT", "GETRANGE", "SETRANGE", "SUBSTR", "LCS", "SETBIT",
        "GETBIT", "BITCOUNT", "BITPOS", "BITOP", "DEL", "EXISTS", "TYPE", "RENAME", "RENAMENX", "COPY", "MOVE", "TOUCH",
        "UNLINK", "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT", "TTL", "PTTL", "PERSIST", "EXPIRETIME", "PEXPIRETIME",
        "DBSIZE", "SELECT", "KEYS", "ECHO", "PING", "OBJECT",
    ];

    private void ErrorStep()
    {
        int r = _rng.Next(100);
        if (r < 35)
        {
            // Arity: a random number of arguments; the server decides whether it is wrong.
            string cmd = KnownCommands[_rng.Next(KnownCommands.Length)];
            int argc = _rng.Next(0, 7);
            var args = new List<object> { cmd };
            for (int i = 0; i < argc; i++)
            {
                args.Add(_rng.Next(3) == 0 ? IntArg() : Key());
            }
            if (cmd is "TTL" or "EXPIRETIME")
            {
                EmitChecked(ReplyCheck.ClockSeconds, [.. args]);
            }
            else if (cmd is "PTTL" or "PEXPIRETIME")
            {
                EmitChecked(ReplyCheck.ClockMillis, [.. args]);
            }
            else if (cmd == "KEYS")
            {
                EmitChecked(ReplyCheck.Unordered, [.. args]);
            }
            else
            {
                Emit([.. args]);
            }
            return;
        }
        if (r < 40)
        {
            // Transaction control commands with extra arguments.
            Emit(OneOf("MULTI", "EXEC", "DISCARD", "UNWATCH", "DBSIZE"), Key());
            return;
        }
        if (r < 52)
        {
            // Unknown commands, with arguments of all sorts (the error quotes them, cut at 128 bytes).
            object name = _rng.Next(6) switch
            {
                0 => "FOOBAR",
                1 => "gett",
                2 => "",
                3 => new string('X', 150),
                4 => "cmd\r\nwith newline",
                _ => "Set2",
            };
            var args = new List<object> { name };
            int argc = _rng.Next(0, 5);
            for (int i = 0; i < argc; i++)
            {
                args.Add(_rng.Next(4) switch { 0 => new string('a', 60), 1 => "x\r\ny", 2 => "", _ => Key() });
            }
            _out.Add(new GeneratedCommand(_conn, args.Select(a => a is byte[] b ? b : Encoding.UTF8.GetBytes((string)a)).ToArray(), ReplyCheck.Exact));
            return;
        }
        if (r < 60)
        {
            // Put a non-integer, an overflowing integer or a float where integer commands will find them.
            Emit("SET", Key(), OneOf("abc", " 1", "1 ", "01", "+1", "-0", "1.5", "9223372036854775807", "-9223372036854775808", "", "0x10", "1e3"));
            return;
        }
        object[] c = _rng.Next(40) switch
        {
            0 => ["INCR", Key()],
            1 => ["DECR", Key()],
            2 => ["INCRBY", Key(), OneOf("1.5", "abc", "9223372036854775808", "-9223372036854775809", "", " 1", "9223372036854775807")],
            3 => ["DECRBY", Key(), OneOf("-9223372036854775808", "9223372036854775807", "x")],
            4 => ["INCRBYFLOAT", Key(), OneOf("abc", "inf", "-inf", "nan", "1e", "", " 1", "0x1p3", "1,5")],
            5 => ["GETRANGE", Key(), OneOf("a", "1.5", ""), "1"],
            6 => ["SETRANGE", Key(), OneOf("-1", "a", "536870912", "9223372036854775807"), "x"],
            7 => ["SETBIT", Key(), OneOf("-1", "4294967296", "a", "1.0"), "1"],
            8 => ["SETBIT", Key(), "1", OneOf("2", "-1", "a", "")],
            9 => ["GETBIT", Key(), OneOf("-1", "4294967296", "x")],
            10 => ["BITCOUNT", Key(), "0"],
            11 => ["BITCOUNT", Key(), "0", "1", OneOf("FOO", "BYTES")],
            12 => ["BITPOS", Key(), OneOf("2", "-1", "a")],
            13 => ["BITOP", OneOf("NAND", "", "NOTT"), "dest", Key()],
            14 => ["BITOP", "NOT", "dest", Key(), Key()],
            15 => ["SET", Key(), "v", OneOf("NX", "XX"), OneOf("XX", "NX")],
            16 => ["SET", Key(), "v", "EX", OneOf("0", "-1", "abc", "", "9223372036854775807", "1.5")],
            17 => ["SET", Key(), "v", "PX", "100", "EX", "100"],
            18 => ["SET", Key(), "v", OneOf("FOO", "EXX", "KEEPTTL PX")],
            19 => ["EXPIRE", Key(), "100", OneOf("NX", "XX"), OneOf("GT", "LT", "XX")],
            20 => ["EXPIRE", Key(), "100", "GT", "LT"],
            21 => ["EXPIRE", Key(), "100", OneOf("FOO", "")],
            22 => [OneOf("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"), Key(), OneOf("abc", "9223372036854775807", "-9223372036854775808", "1.5", "")],
            23 => ["SETEX", Key(), OneOf("0", "-1", "abc", "9223372036854775807"), "v"],
            24 => ["PSETEX", Key(), OneOf("0", "-1", "abc"), "v"],
            25 => ["SELECT", OneOf("16", "-1", "abc", "99999999999999999999", "", "1.0")],
            26 => ["MOVE", Key(), OneOf("16", "-1", "abc", "0")],
            27 => ["COPY", Key(), Key(), "DB", OneOf("16", "-1", "abc")],
            28 => ["COPY", "k1", "k1"],
            29 => ["RENAME", "no-such-key", Key()],
            30 => ["OBJECT", OneOf("FOO", "ENCODINGS", "help"), Key()],
            31 => ["OBJECT", "ENCODING", "no-such-key"],
            32 => ["GETEX", Key(), "EX", "10", OneOf("PX", "PERSIST", "EXAT"), "10"],
            33 => ["GETEX", Key(), OneOf("FOO", "EX", "PX abc")],
            34 => ["LCS", Key(), Key(), OneOf("LEN IDX", "FOO", "MINMATCHLEN")],
            35 => ["MSET", Key(), "v", Key()],
            36 => ["MSETNX", Key()],
            37 => ["FLUSHDB", OneOf("FOO", "ASYNCC")],
            38 => ["PING", "a", "b"],
            _ => ["KEYS"],
        };
        Emit(c);
    }

    // ---------------------------------------------------------------- wrong types

    private void WrongTypeStep()
    {
        int r = _rng.Next(100);
        if (r < 25)
        {
            object k = Key();
            Emit(_rng.Next(4) switch
            {
                0 => ["RPUSH", k, "a", "b"],
                1 => ["SADD", k, "m1", "m2"],
                2 => ["HSET", k, "f", "v"],
                _ => ["ZADD", k, "1", "m"],
            });
            return;
        }
        if (r < 35)
        {
            Emit("TYPE", Key());
            return;
        }
        if (r < 40)
        {
            Emit("OBJECT", "ENCODING", Key());
            return;
        }
        switch (_rng.Next(4))
        {
            case 0: StringStep(); break;
            case 1: BitStep(); break;
            case 2: KeyStep(); break;
            default:
                object key = Key();
                Emit(_rng.Next(8) switch
                {
                    0 => ["GET", key],
                    1 => ["APPEND", key, "1"],
                    2 => ["INCR", key],
                    3 => ["STRLEN", key],
                    4 => ["GETDEL", key],
                    5 => ["GETSET", key, "1"],
                    6 => ["SET", key, "1", "GET"],
                    _ => ["MGET", key, Key()],
                });
                break;
        }
    }

    // ---------------------------------------------------------------- emission

    private void Emit(params object[] args) => EmitChecked(ReplyCheck.Exact, args);

    private void EmitChecked(ReplyCheck check, params object[] args)
    {
        var bytes = new byte[args.Length][];
        for (int i = 0; i < args.Length; i++)
        {
            bytes[i] = i == 0 && args[0] is string name ? Bytes(Mangle(name)) : ToBytes(args[i]);
        }
        string upper = args[0] is string s ? s.ToUpperInvariant() : "";
        if (_multiConn == _conn && upper is not ("EXEC" or "DISCARD" or "MULTI" or "WATCH"))
        {
            _queued.Add(check);
            check = ReplyCheck.Exact; // the reply now is +QUEUED (or an error)
        }
        if (_multiConn == _conn && upper is "EXEC" or "DISCARD")
        {
            EmitExec(upper);
            return;
        }
        _out.Add(new GeneratedCommand(_conn, bytes, check));
    }

    private string Mangle(string name) => _rng.Next(20) switch
    {
        0 => name.ToLowerInvariant(),
        1 => new string(name.Select(ch => _rng.Next(2) == 0 ? char.ToLowerInvariant(ch) : ch).ToArray()),
        _ => name,
    };

    private static byte[] ToBytes(object o) => o switch
    {
        byte[] b => b,
        string s => Encoding.UTF8.GetBytes(s),
        IFormattable f => Encoding.ASCII.GetBytes(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => Encoding.UTF8.GetBytes(o.ToString()!),
    };

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    // ---------------------------------------------------------------- values

    private static readonly byte[][] SpecialKeys =
    [
        [],
        "key with spaces"u8.ToArray(),
        [(byte)'b', 0, (byte)'\r', (byte)'\n', 0xff, (byte)'k'],
        Encoding.UTF8.GetBytes("ключ"),
    ];

    private object Key()
    {
        int r = _rng.Next(100);
        if (r < 94)
        {
            return "k" + _rng.Next(8).ToString(CultureInfo.InvariantCulture);
        }
        return SpecialKeys[_rng.Next(SpecialKeys.Length)];
    }

    private IEnumerable<object> SomeKeys(int min, int max) => Enumerable.Range(0, _rng.Next(min, max + 1)).Select(_ => Key()).ToArray();

    private object[] Pairs(int n)
    {
        var list = new List<object>();
        for (int i = 0; i < n; i++)
        {
            list.Add(Key());
            list.Add(Value());
        }
        return [.. list];
    }

    private object Value()
    {
        int r = _rng.Next(100);
        if (r < 25)
        {
            return _rng.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture);
        }
        if (r < 30)
        {
            return OneOf("0", "-0", "007", "+5", " 5", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                "10000", "9999", "12345678901234567890", "-1");
        }
        if (r < 38)
        {
            return OneOf("1.5", "-0.25", "3.0e2", "0.1", ".5", "5.", "1e-5", "inf", "10.50", "2.5e-3");
        }
        if (r < 70)
        {
            return RandomText(1, 20);
        }
        if (r < 82)
        {
            return RandomText(40, 50); // around the 44-byte embstr limit
        }
        if (r < 87)
        {
            return "";
        }
        if (r < 95)
        {
            return BinaryValue();
        }
        return RandomText(100, 600);
    }

    private byte[] BinaryValue()
    {
        var b = new byte[_rng.Next(1, 24)];
        _rng.NextBytes(b);
        if (_rng.Next(3) == 0)
        {
            b[_rng.Next(b.Length)] = (byte)'\n';
        }
        return b;
    }

    private string RandomText(int min, int max)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzabcde0123456789 -_";
        var chars = new char[_rng.Next(min, max + 1)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[_rng.Next(alphabet.Length)];
        }
        return new string(chars);
    }

    private object IntArg() => _rng.Next(10) switch
    {
        0 => OneOf("9223372036854775807", "-9223372036854775808", "9223372036854775808", "abc", "1.5", "", "-0"),
        < 5 => _rng.Next(-10, 10),
        _ => _rng.Next(-100000, 100000),
    };

    private object FloatArg() => OneOf("1", "-1", "0.1", "-0.1", "1.5", "2.5e2", "-3.0e-1", "10", "0", "5.0e3", "-2.75", "1e10",
        "0.3", "3", "-0.5", "abc", "inf", "1.0");

    private object RangeIndex() => _rng.Next(20) switch
    {
        0 => OneOf("9223372036854775807", "-9223372036854775808", "a"),
        < 15 => _rng.Next(-12, 12),
        _ => _rng.Next(-100, 100),
    };

    private object SetRangeOffset() => _rng.Next(40) switch
    {
        0 => "-1",
        1 => "536870912",
        2 => "x",
        3 => 1000,
        _ => _rng.Next(0, 40),
    };

    private object BitOffset() => _rng.Next(40) switch
    {
        0 => OneOf("-1", "4294967296", "abc"),
        < 28 => _rng.Next(0, 200),
        _ => _rng.Next(200, 4000),
    };

    private object DbIndex() => _rng.Next(15) switch
    {
        0 => OneOf("16", "-1", "abc", "99999999999999999999"),
        _ => _rng.Next(0, 4),
    };

    private object Pattern() => OneOf("*", "k*", "k?", "k[0-3]", "k[^0-3]", "*y*", "\\*", "[a-z]*", "nomatch*", "k[", "*\\", "*5");

    /// <summary>A unique relative TTL in seconds: a multiple of 10 between 100 and 1,000,000.</summary>
    private long FreshTtlSeconds()
    {
        while (true)
        {
            long s = _rng.Next(10, 100_000) * 10L;
            if (_usedTtls.Add(s))
            {
                return s;
            }
        }
    }

    private object ExpireSeconds(bool allowBad, bool allowNonPositive = false)
    {
        int r = _rng.Next(100);
        if (allowNonPositive && r < 10)
        {
            return OneOf("0", "-1", "-100");
        }
        if (allowBad && r >= 92)
        {
            return OneOf("abc", "1.5", "", "9223372036854775807", "-9223372036854775808", "9223372036854775", "0", "-5");
        }
        return FreshTtlSeconds();
    }

    private object ExpireMillis(bool allowBad, bool allowNonPositive = false)
    {
        int r = _rng.Next(100);
        if (allowNonPositive && r < 10)
        {
            return OneOf("0", "-1", "-100000");
        }
        if (allowBad && r >= 92)
        {
            return OneOf("abc", "1.5", "", "9223372036854775807", "-9223372036854775808", "0", "-5");
        }
        return FreshTtlSeconds() * 1000;
    }

    private long AbsoluteSeconds() => _nowMs / 1000 + FreshTtlSeconds();

    private long AbsoluteMillis() => _nowMs + FreshTtlSeconds() * 1000;

    private object PastOrBad(bool millis) => _rng.Next(6) switch
    {
        0 => "1",
        1 => "0",
        2 => "-1",
        3 => "abc",
        4 => "9223372036854775807",
        _ => millis ? _nowMs - 1_000_000 : _nowMs / 1000 - 1000,
    };

    // ---------------------------------------------------------------- randomness

    private int Pick(params int[] weights)
    {
        int total = weights.Sum();
        int x = _rng.Next(total);
        for (int i = 0; i < weights.Length; i++)
        {
            if (x < weights[i])
            {
                return i;
            }
            x -= weights[i];
        }
        return weights.Length - 1;
    }

    private string OneOf(params string[] options) => options[_rng.Next(options.Length)];

    private void Shuffle<T>(IList<T> list, int from = 0)
    {
        for (int i = list.Count - 1; i > from; i--)
        {
            int j = _rng.Next(from, i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
