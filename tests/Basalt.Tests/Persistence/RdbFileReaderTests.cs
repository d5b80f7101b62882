using Basalt.Persistence.Rdb;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>The file level: headers, opcodes, per-key attributes, and where failures are reported.</summary>
public sealed class RdbFileReaderTests
{
    private static (RdbReadResult Result, RecordingRdbSink Sink) Load(byte[] file, RdbLoadOptions? options = null)
    {
        var sink = new RecordingRdbSink();
        return (RdbFileReader.Read(new RdbInput(file), sink, options ?? RdbLoadOptions.Default), sink);
    }

    private static RdbFormatException Refused(byte[] file, RdbLoadOptions? options = null) =>
        Assert.Throws<RdbFormatException>(() => Load(file, options));

    [Fact]
    public void Version1FileWithSecondExpiresAndNoTrailer()
    {
        var file = RdbBytes.Header(1)
            .Raw(RdbFormat.OpSelectDb).Length(2)
            .Raw(RdbFormat.OpExpireTime).Raw(0x10, 0x27, 0, 0)
            .Raw(RdbFormat.TypeList).String("l").Length(2).String("a").Raw(0xC0, 0x05)
            .Raw(RdbFormat.TypeSet).String("s").Length(1).String("m")
            .Raw(RdbFormat.TypeHash).String("h").Length(1).String("f").String("v")
            .Raw(RdbFormat.TypeString).String("n").Raw(0xC1, 0x39, 0x30)
            .End(version: 1);

        var (result, sink) = Load(file);

        Assert.Equal(1, result.Version);
        Assert.Equal(RdbChecksumStatus.Absent, result.Checksum);
        Assert.Equal(file.Length, result.BytesRead);
        Assert.Equal(10_000_000, sink.Get("l", 2).ExpireAtMs);
        Assert.Equal(-1, sink.Get("s", 2).ExpireAtMs);
        Assert.Equal("[\"a\",\"5\"]", RdbValueModel.ValueOf(sink.Get("l", 2).Value).ToJsonString());
        Assert.True(((RedisString)sink.Get("n", 2).Value).IsInteger);
        Assert.Equal(4, result.KeysRead);
        Assert.Equal(1, result.ExpiresRead);
    }

    [Theory]
    [InlineData("REDIS0000", "Can't handle RDB format version 0")]
    [InlineData("REDIS0011", "Can't handle RDB format version 11")]
    [InlineData("RADIS0010", "Wrong signature trying to load DB from file")]
    public void HeaderIsChecked(string header, string message)
    {
        var e = Refused(new RdbBytes().Raw(System.Text.Encoding.ASCII.GetBytes(header)).End());
        Assert.Equal(message, e.Message);
        Assert.Equal(9, e.Offset);
        Assert.Equal("start", e.Stage);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(20)]
    [InlineData(0xF4)]
    public void UnknownObjectTypeIsRefusedBeforeItsKey(byte type)
    {
        var e = Refused(RdbBytes.Header().Raw(type).String("k").Raw(0).End());
        Assert.Equal($"Invalid object type: {type}", e.Message);
        Assert.Equal($"Unknown RDB encoding type {type}", e.ServerMessage);
        Assert.Equal(2681, e.RedisLine);
        Assert.Equal(10, e.Offset);
        Assert.Equal("read-type", e.Stage);
        Assert.Null(e.Key);
    }

    [Fact]
    public void FailureInsideAValueNamesTheKeyAndType()
    {
        var file = RdbBytes.Header().Raw(RdbFormat.TypeString).String("ok").String("v")
            .Raw(RdbFormat.OpExpireTimeMs).Milliseconds(5)
            .Raw(RdbFormat.TypeZset2).String("bad").Length(1).String("m").Double(double.NaN).End();
        var e = Refused(file);
        Assert.Equal("Zset with NAN score detected", e.Message);
        Assert.Equal("read-object-value", e.Stage);
        Assert.Equal("bad", RecordingRdbSink.Latin1(e.Key));
        Assert.Equal(RdbFormat.TypeZset2, e.Type);
        Assert.Equal(2, e.KeysRead);
        Assert.Equal(0, e.ExpiresRead);
        Assert.Equal(file.Length - 9, e.Offset);
    }

    [Fact]
    public void IdleAndFreqApplyToTheNextKeyOnly()
    {
        var file = RdbBytes.Header()
            .Raw(RdbFormat.OpIdle).Length(300).Raw(RdbFormat.OpFreq, 7)
            .Raw(RdbFormat.TypeString).String("a").String("1")
            .Raw(RdbFormat.TypeString).String("b").String("2").End();
        var (_, sink) = Load(file);
        Assert.Equal((300L, 7), (sink.Get("a").LruIdle, sink.Get("a").LfuFrequency));
        Assert.Equal((-1L, -1), (sink.Get("b").LruIdle, sink.Get("b").LfuFrequency));
    }

    [Fact]
    public void EmptyAggregatesAreSkippedAndCounted()
    {
        var file = RdbBytes.Header().Raw(RdbFormat.TypeSet).String("empty").Length(0)
            .Raw(RdbFormat.TypeString).String("k").String("v").End();
        var (result, sink) = Load(file);
        Assert.Equal(["empty"], sink.EmptyKeys);
        Assert.Equal(1, result.EmptyKeysSkipped);
        Assert.Equal(2, result.KeysRead);
    }

    [Fact]
    public void PreGaFunctionRecordBecomesLibrarySource()
    {
        var file = RdbBytes.Header()
            .Raw(RdbFormat.OpFunctionPreGa).String("mylib").String("LUA").Length(1).String("a description").String("return 1")
            .Raw(RdbFormat.OpFunction2).String("#!lua name=other\nreturn 2").End();
        var (_, sink) = Load(file);
        Assert.Equal(["#!LUA name=mylib\nreturn 1", "#!lua name=other\nreturn 2"], sink.Functions);
    }

    [Fact]
    public void TruncatedFunctionReportsTheLibraryFailure()
    {
        var e = Refused(RdbBytes.Header().Raw(RdbFormat.OpFunction2).Length(10).Raw((byte)'x').ToArray());
        Assert.Equal("Failed loading library, Failed loading library payload", e.Message);
        Assert.Equal("read-functions", e.Stage);
    }

    [Fact]
    public void ModuleAuxIsFatalUnlessChecking()
    {
        const ulong id = 77UL << 10;
        var file = RdbBytes.Header().Raw(RdbFormat.OpModuleAux).Length(id).Length(2).Length(2)
            .Length(2).Length(99).Length(0).End();
        var name = RdbValueReader.ModuleTypeName(id);

        var e = Refused(file);
        Assert.Equal($"The RDB file contains AUX module data I can't load: no matching module '{name}'", e.Message);
        Assert.Equal("read-module-aux", e.Stage);

        var (_, sink) = Load(file, RdbLoadOptions.Default with { CheckMode = true });
        Assert.Equal([name], sink.ModuleAux);
    }

    [Fact]
    public void ModuleAuxWithABadWhenOpcode()
    {
        var e = Refused(RdbBytes.Header().Raw(RdbFormat.OpModuleAux).Length(5).Length(1).Length(2).Length(0).End());
        Assert.Equal("bad when_opcode", e.Message);
        Assert.Equal(13, e.Offset);
    }

    [Fact]
    public void SinkExceptionsPassThroughUnchanged()
    {
        var file = RdbBytes.Header().Raw(RdbFormat.OpSelectDb).Length(99).End();
        Assert.Throws<InvalidOperationException>(() => RdbFileReader.Read(new RdbInput(file), new RefusingSink(), RdbLoadOptions.Default));
    }

    [Fact]
    public void MissingTrailerIsAShortReadWhileCheckingTheSum()
    {
        var file = RdbBytes.Header().End();
        var e = Refused(file[..^3]);
        Assert.Equal(RdbFormatException.UnexpectedEof, e.Message);
        Assert.Equal("check-sum", e.Stage);
        Assert.Equal(10, e.Offset);
    }

    private sealed class RefusingSink : IRdbLoadSink
    {
        public void OnAux(byte[] key, byte[] value)
        {
        }

        public void OnFunction(byte[] librarySource)
        {
        }

        public void OnSelectDb(int db) => throw new InvalidOperationException("too many databases");

        public void OnResizeDb(ulong keys, ulong expires)
        {
        }

        public void OnKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency)
        {
        }

        public void OnEmptyKeySkipped(ReadOnlySpan<byte> key)
        {
        }
    }
}
