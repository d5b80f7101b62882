using Basalt.Config.Parameters;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Commands;

/// <summary>
/// Where the members of a ZRANGE-like command go (zrange_result_handler): to the client, as a
/// flat array (RESP2) or nested pairs (RESP3) when scores are asked for; or, for ZRANGESTORE,
/// into a new sorted set stored under the destination key at the end.
/// </summary>
internal struct SortedSetRangeOutput
{
    private readonly CommandContext _ctx;
    private readonly int _destinationIndex;
    private readonly string _storeEvent;
    private RedisSortedSet? _destination;
    private SortedSetLimits _limits;
    private int _deferred;

    private SortedSetRangeOutput(CommandContext ctx, int destinationIndex, bool withScores, string storeEvent = "")
    {
        _ctx = ctx;
        _destinationIndex = destinationIndex;
        _storeEvent = storeEvent;
        WithScores = withScores;
        _deferred = -1;
    }

    /// <summary>Members (and scores when asked) go to the client.</summary>
    public static SortedSetRangeOutput ToClient(CommandContext ctx, bool withScores) => new(ctx, -1, withScores);

    /// <summary>
    /// Members and scores go into a new set for the key at argument <paramref name="destinationIndex"/>;
    /// a non-empty result is announced as the keyspace event <paramref name="storeEvent"/>.
    /// </summary>
    public static SortedSetRangeOutput ToStore(CommandContext ctx, int destinationIndex, string storeEvent) =>
        new(ctx, destinationIndex, true, storeEvent);

    public bool WithScores { get; }

    private readonly bool IsStore => _destinationIndex > 0;

    /// <summary>Starts the output; <paramref name="length"/> is the member count when known, -1 otherwise.</summary>
    public void Begin(long length)
    {
        if (IsStore)
        {
            // As zrangeResultBeginStore: a listpack unless the known length is already too many.
            _limits = SortedSetCommands.Limits(_ctx);
            _destination = length > _limits.MaxEntries ? RedisSortedSet.CreateSkiplist() : RedisSortedSet.CreateListpack();
        }
        else if (length > 0)
        {
            SortedSetCommands.WriteElementsHeader(_ctx, length, WithScores);
        }
        else
        {
            _deferred = _ctx.Reply.BeginDeferredLength();
        }
    }

    public readonly void Emit(in SortedSetCursor cursor)
    {
        if (IsStore)
        {
            Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
            _destination!.Add(cursor.Score, cursor.MemberBytes(scratch), ZAddOptions.None, _limits, out _);
        }
        else
        {
            SortedSetCommands.WriteElement(_ctx, cursor, WithScores);
        }
    }

    /// <summary>Stores one member with its score (GEOSEARCHSTORE, whose members come from a search, not a cursor).</summary>
    public readonly void Emit(double score, ReadOnlySpan<byte> member)
    {
        if (!IsStore)
        {
            throw new InvalidOperationException("Only a stored output takes bare members");
        }
        _destination!.Add(score, member, ZAddOptions.None, _limits, out _);
    }

    /// <summary>Ends the output after <paramref name="count"/> members.</summary>
    public readonly void Finish(long count)
    {
        if (IsStore)
        {
            var key = _ctx.Arg(_destinationIndex);
            if (count > 0)
            {
                _ctx.Db.Set(key, _destination!);
                _ctx.Reply.Integer(count);
                _ctx.Notify(KeyspaceEventClasses.ZSet, _storeEvent, key);
            }
            else
            {
                if (_ctx.Db.Delete(key))
                {
                    _ctx.Notify(KeyspaceEventClasses.Generic, "del", key);
                }
                _ctx.Reply.Integer(0);
            }
        }
        else if (_deferred >= 0)
        {
            _ctx.Reply.EndDeferredArray(_deferred, WithScores && _ctx.Reply.Protocol == 2 ? count * 2 : count);
        }
    }
}
