using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// The options XADD and XTRIM share (streamParseAddOrTrimArgsOrReply): MAXLEN/MINID [=|~] with
/// LIMIT, plus XADD's NOMKSTREAM and its ID argument.
/// </summary>
internal struct StreamTrimOptions
{
    public bool HasStrategy;
    public bool ByMinId;
    public long MaxLength;
    public StreamId MinId;
    public bool Approximate;
    public long Limit;

    /// <summary>The index of the MAXLEN/MINID threshold argument (trim_strategy_arg_idx).</summary>
    public int ThresholdIndex;

    /// <summary>XADD only: NOMKSTREAM, the ID argument (when not "*"), and whether its sequence was given.</summary>
    public bool NoMakeStream;
    public bool IdGiven;
    public bool SeqGiven;
    public StreamId Id;

    /// <summary>
    /// Parses from argument 2. Returns the index of XADD's ID argument (argc when none was
    /// reached), or -1 after replying an error.
    /// </summary>
    public static int Parse(CommandContext ctx, bool xadd, out StreamTrimOptions options)
    {
        options = default;
        var limitGiven = false;
        var i = 2;
        for (; i < ctx.ArgCount; i++)
        {
            var moreArgs = ctx.ArgCount - 1 - i;
            var opt = ctx.Arg(i);
            if (xadd && opt.Length == 1 && opt[0] == '*')
            {
                break;
            }
            if (moreArgs > 0 && (ctx.Is(i, "maxlen") || ctx.Is(i, "minid")))
            {
                if (options.HasStrategy)
                {
                    ctx.Reply.Error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
                    return -1;
                }
                var byMinId = ctx.Is(i, "minid");
                options.Approximate = false;
                var next = ctx.Arg(i + 1);
                if (moreArgs >= 2 && next.Length == 1 && (next[0] == '~' || next[0] == '='))
                {
                    options.Approximate = next[0] == '~';
                    i++;
                }
                options.ThresholdIndex = i + 1;
                if (byMinId)
                {
                    if (!StreamCommands.TryParseId(ctx, i + 1, out options.MinId, strict: true))
                    {
                        return -1;
                    }
                }
                else
                {
                    if (!ctx.TryGetLong(i + 1, out options.MaxLength))
                    {
                        return -1;
                    }
                    if (options.MaxLength < 0)
                    {
                        ctx.Reply.Error("ERR The MAXLEN argument must be >= 0.");
                        return -1;
                    }
                }
                i++;
                options.HasStrategy = true;
                options.ByMinId = byMinId;
            }
            else if (moreArgs > 0 && ctx.Is(i, "limit"))
            {
                if (!ctx.TryGetLong(i + 1, out options.Limit))
                {
                    return -1;
                }
                if (options.Limit < 0)
                {
                    ctx.Reply.Error("ERR The LIMIT argument must be >= 0.");
                    return -1;
                }
                limitGiven = true;
                i++;
            }
            else if (xadd && ctx.Is(i, "nomkstream"))
            {
                options.NoMakeStream = true;
            }
            else if (xadd)
            {
                if (!StreamId.TryParse(opt, out options.Id, out options.SeqGiven, strict: true, allowAutoSeq: true))
                {
                    ctx.Reply.Error(StreamCommands.InvalidId);
                    return -1;
                }
                options.IdGiven = true;
                break;
            }
            else
            {
                ctx.SyntaxError();
                return -1;
            }
        }
        if (options.Limit != 0 && !options.HasStrategy)
        {
            ctx.Reply.Error("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
            return -1;
        }
        if (!xadd && !options.HasStrategy)
        {
            ctx.Reply.Error("ERR syntax error, XTRIM must be called with a trimming strategy");
            return -1;
        }
        if (limitGiven)
        {
            if (!options.Approximate)
            {
                ctx.Reply.Error("ERR syntax error, LIMIT cannot be used without the special ~ option");
                return -1;
            }
        }
        else if (options.Approximate)
        {
            // At most 100 nodes' worth of work per call unless the caller says otherwise.
            var limit = 100 * ctx.Server.Config.StreamNodeMaxEntries;
            options.Limit = limit <= 0 ? 10000 : Math.Min(limit, 1000000);
        }
        else
        {
            options.Limit = 0;
        }
        return i;
    }

    /// <summary>
    /// How the command is logged after an approximate trim (streamRewriteApproxSpecifier and
    /// streamRewriteTrimArgument): "~ threshold" becomes "= what was reached" — the stream's length,
    /// or its first ID — so that replaying it trims exactly as much. Changes <paramref name="args"/>.
    /// </summary>
    public readonly void RewriteApproximate(byte[][] args, RedisStream stream)
    {
        args[ThresholdIndex - 1] = "="u8.ToArray();
        args[ThresholdIndex] = ByMinId
            ? StreamPropagation.Id(stream.EdgeId(first: true) ?? StreamId.Max)
            : PropagatedForm.Number(stream.Length);
    }

    /// <summary>streamTrim with these options; the number of entries removed.</summary>
    public readonly long Apply(RedisStream stream) =>
        HasStrategy ? stream.Trim(MaxLength, ByMinId ? MinId : null, Approximate, Limit) : 0;
}
