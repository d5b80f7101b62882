namespace Basalt.Persistence.Rdb;

/// <summary>
/// Reads a whole RDB file (rdbLoadRio, with the checks redis-check-rdb makes): header, AUX fields,
/// functions, database selectors, keys with their expire / LRU / LFU attributes, the EOF opcode and
/// the CRC64 trailer. What is read goes to an <see cref="IRdbLoadSink"/>; nothing is decided here.
/// Reading stops right after the trailer, so an RDB preamble at the head of an AOF leaves the input
/// (and a seekable stream) positioned on the AOF part.
/// </summary>
/// <remarks>
/// A problem ends the read with an <see cref="RdbFormatException"/> that says where (offset), what
/// (Redis's message) and during what (stage, key, type), as redis-check-rdb reports it. An object
/// type byte that 7.0 does not know is refused where the checker refuses it, before the key.
/// </remarks>
public static class RdbFileReader
{
    public static RdbReadResult Read(RdbInput input, IRdbLoadSink sink, RdbLoadOptions options)
    {
        var state = new ReadState();
        try
        {
            return ReadFile(input, sink, options, state);
        }
        catch (RdbFormatException e) when (!state.InSink)
        {
            throw e.WithContext(state.Stage, state.Key, state.Type, state.KeysRead, state.ExpiresRead);
        }
        catch (Exception e) when (!state.InSink && e is not OutOfMemoryException)
        {
            throw new RdbFormatException($"Corrupt file: {e.Message}", input.Offset, 0, e)
                .WithContext(state.Stage, state.Key, state.Type, state.KeysRead, state.ExpiresRead);
        }
    }

    private static RdbReadResult ReadFile(RdbInput input, IRdbLoadSink sink, RdbLoadOptions options, ReadState state)
    {
        state.Stage = "start";
        var version = ReadHeader(input);
        long expireAtMs = -1;
        long lruIdle = -1;
        var lfuFrequency = -1;
        long emptyKeys = 0;
        while (true)
        {
            state.Stage = "read-type";
            var type = input.ReadByte();
            switch (type)
            {
                case RdbFormat.OpExpireTime:
                    state.Stage = "read-expire";
                    expireAtMs = input.ReadSecondsTime() * 1000L;
                    continue;
                case RdbFormat.OpExpireTimeMs:
                    state.Stage = "read-expire";
                    expireAtMs = input.ReadMillisecondsTime();
                    continue;
                case RdbFormat.OpFreq:
                    lfuFrequency = input.ReadByte();
                    continue;
                case RdbFormat.OpIdle:
                    lruIdle = (long)input.ReadLength();
                    continue;
                case RdbFormat.OpSelectDb:
                    {
                        state.Stage = "read-len";
                        var db = input.ReadLength();
                        state.InSink = true;
                        sink.OnSelectDb(db > int.MaxValue ? int.MaxValue : (int)db);
                        state.InSink = false;
                        continue;
                    }
                case RdbFormat.OpResizeDb:
                    {
                        state.Stage = "read-len";
                        var keys = input.ReadLength();
                        var expires = input.ReadLength();
                        state.InSink = true;
                        sink.OnResizeDb(keys, expires);
                        state.InSink = false;
                        continue;
                    }
                case RdbFormat.OpAux:
                    {
                        state.Stage = "read-aux";
                        var auxKey = input.ReadString();
                        var auxValue = input.ReadString();
                        state.InSink = true;
                        sink.OnAux(auxKey, auxValue);
                        state.InSink = false;
                        continue;
                    }
                case RdbFormat.OpModuleAux:
                    ReadModuleAux(input, sink, options, state);
                    continue;
                case RdbFormat.OpFunctionPreGa:
                case RdbFormat.OpFunction2:
                    {
                        state.Stage = "read-functions";
                        var source = ReadFunction(input, type);
                        state.InSink = true;
                        sink.OnFunction(source);
                        state.InSink = false;
                        continue;
                    }
                case RdbFormat.OpEof:
                    return ReadTrailer(input, options, state, version, emptyKeys);
            }
            if (!RdbFormat.IsObjectType(type))
            {
                throw new RdbFormatException($"Invalid object type: {type}", input.Offset, RedisReportLines.UnknownEncodingType)
                {
                    ServerMessage = $"Unknown RDB encoding type {type}",
                };
            }

            state.Type = type;
            state.Stage = "read-key";
            var name = input.ReadString(ref state.KeyScratch);
            state.KeyLength = name.Length;
            state.KeysRead++;
            state.Stage = "read-object-value";
            var value = RdbValueReader.Read(input, type, options);
            if (value is null && options.CheckMode)
            {
                // redis-check-rdb takes rdbLoadObject's NULL for an empty key as a failed read.
                throw new RdbFormatException(RdbFormatException.UnexpectedEof, input.Offset);
            }
            state.InSink = true;
            if (value is null)
            {
                emptyKeys++;
                sink.OnEmptyKeySkipped(name);
            }
            else
            {
                sink.OnKey(name, value, expireAtMs, lruIdle, lfuFrequency);
            }
            state.InSink = false;
            if (expireAtMs != -1)
            {
                state.ExpiresRead++;
            }
            state.KeyLength = -1;
            state.Type = -1;
            expireAtMs = -1;
            lruIdle = -1;
            lfuFrequency = -1;
        }
    }

    /// <summary>"REDIS" and four digits read as atoi does; versions 1 to 10.</summary>
    private static int ReadHeader(RdbInput input)
    {
        Span<byte> header = stackalloc byte[RdbFormat.HeaderLength];
        input.ReadExact(header);
        if (!header[..5].SequenceEqual("REDIS"u8))
        {
            throw new RdbFormatException("Wrong signature trying to load DB from file", input.Offset);
        }
        var version = Atoi(header[5..]);
        if (version < 1 || version > RdbFormat.Version)
        {
            throw new RdbFormatException($"Can't handle RDB format version {version}", input.Offset);
        }
        return version;
    }

    /// <summary>
    /// After EOF: from version 5 the 8-byte CRC64 (little endian) of everything before it. Zero
    /// means the writer did not compute it.
    /// </summary>
    private static RdbReadResult ReadTrailer(RdbInput input, RdbLoadOptions options, ReadState state, int version, long emptyKeys)
    {
        var computed = input.Crc;
        var status = RdbChecksumStatus.Absent;
        ulong stored = 0;
        if (version >= 5)
        {
            state.Stage = "check-sum";
            Span<byte> trailer = stackalloc byte[8];
            input.ReadExact(trailer);
            stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(trailer);
            if (!options.VerifyChecksum)
            {
                status = RdbChecksumStatus.NotVerified;
            }
            else if (stored == 0)
            {
                status = RdbChecksumStatus.Disabled;
            }
            else if (stored != computed)
            {
                throw new RdbFormatException("RDB CRC error", input.Offset, RedisReportLines.CrcMismatch)
                {
                    ComputedChecksum = computed,
                    StoredChecksum = stored,
                };
            }
            else
            {
                status = RdbChecksumStatus.Verified;
            }
        }
        input.SyncStreamPosition();
        return new RdbReadResult(version, status, stored, computed, state.KeysRead, state.ExpiresRead, emptyKeys, input.Offset);
    }

    /// <summary>
    /// MODULE_AUX: module id, the UINT opcode, the "when" value, then module data. Without the
    /// module (Basalt has none) this is fatal, as in Redis; in check mode the data is skipped.
    /// </summary>
    private static void ReadModuleAux(RdbInput input, IRdbLoadSink sink, RdbLoadOptions options, ReadState state)
    {
        state.Stage = "read-module-aux";
        var moduleId = input.ReadLength();
        var whenOpcode = input.ReadLength();
        input.ReadLength();
        if (whenOpcode != RdbFormat.ModuleOpUInt)
        {
            throw new RdbFormatException("bad when_opcode", input.Offset, RedisReportLines.BadWhenOpcode);
        }
        var name = RdbValueReader.ModuleTypeName(moduleId);
        if (!options.CheckMode)
        {
            throw new RdbFormatException($"The RDB file contains AUX module data I can't load: no matching module '{name}'", input.Offset);
        }
        state.InSink = true;
        sink.OnModuleAuxSkipped(name);
        state.InSink = false;
        RdbValueReader.SkipModuleValue(input, name);
    }

    /// <summary>
    /// FUNCTION2: the library source. FUNCTION (7.0 release candidates): name, engine, optional
    /// description, code, turned into the source 7.0 would have ("#!engine name=lib\ncode").
    /// A failure is reported as "Failed loading library, ..." with rdbFunctionLoad's reason.
    /// </summary>
    private static byte[] ReadFunction(RdbInput input, byte opcode)
    {
        if (opcode == RdbFormat.OpFunction2)
        {
            return FunctionPart(input, static i => i.ReadString(), "Failed loading library payload");
        }
        var name = FunctionPart(input, static i => i.ReadString(), "Failed loading library name");
        var engine = FunctionPart(input, static i => i.ReadString(), "Failed loading engine name");
        var hasDescription = FunctionPart(input, static i => i.ReadLength(), "Failed loading library description indicator");
        if (hasDescription != 0)
        {
            FunctionPart(input, static i => i.ReadString(), "Failed loading library description");
        }
        var code = FunctionPart(input, static i => i.ReadString(), "Failed loading library blob");
        var source = new List<byte>(engine.Length + name.Length + code.Length + 9);
        source.AddRange("#!"u8);
        source.AddRange(engine);
        source.AddRange(" name="u8);
        source.AddRange(name);
        source.Add((byte)'\n');
        source.AddRange(code);
        return [.. source];
    }

    private static T FunctionPart<T>(RdbInput input, Func<RdbInput, T> read, string reason)
    {
        try
        {
            return read(input);
        }
        catch (RdbFormatException e) when (e.Message == RdbFormatException.UnexpectedEof)
        {
            throw new RdbFormatException($"Failed loading library, {reason}", e.Offset);
        }
    }

    /// <summary>atoi over the four version digits: leading spaces and a sign, then digits up to the first non-digit.</summary>
    private static int Atoi(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r')
        {
            i++;
        }
        var negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        var value = 0;
        for (; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            value = (value * 10) + (text[i] - '0');
        }
        return negative ? -value : value;
    }

    /// <summary>What the reader is doing, for the report of a failure (redis-check-rdb's rdbstate).</summary>
    private sealed class ReadState
    {
        public string Stage = "start";
        /// <summary>Where key names are read, one after the other: a load allocates no array per name.</summary>
        public byte[] KeyScratch = new byte[256];

        /// <summary>The length of the name in <see cref="KeyScratch"/> while its key is read, else -1.</summary>
        public int KeyLength = -1;

        /// <summary>A copy of the name of the key being read, for an error report.</summary>
        public byte[]? Key => KeyLength < 0 ? null : KeyScratch.AsSpan(0, KeyLength).ToArray();
        public int Type = -1;
        public long KeysRead;
        public long ExpiresRead;

        /// <summary>True while the sink runs: its exceptions are its own and pass unchanged.</summary>
        public bool InSink;
    }
}
