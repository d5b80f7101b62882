using System.Globalization;
using System.Text;

namespace Basalt.Commands;

/// <summary>
/// Helpers for commands whose AOF form differs from how they were called (Redis's
/// rewriteClientCommandVector / rewriteClientCommandArgument / alsoPropagate). Each does nothing and
/// allocates nothing while propagation is off (no AOF), so commands may call them unconditionally.
/// The rewritten form is only written when the command changed the dataset.
/// </summary>
internal static class PropagatedForm
{
    public static readonly byte[] Set = "SET"u8.ToArray();
    public static readonly byte[] Del = "DEL"u8.ToArray();
    public static readonly byte[] Unlink = "UNLINK"u8.ToArray();
    public static readonly byte[] PExpireAt = "PEXPIREAT"u8.ToArray();
    public static readonly byte[] Persist = "PERSIST"u8.ToArray();
    public static readonly byte[] PxAt = "PXAT"u8.ToArray();
    public static readonly byte[] KeepTtl = "KEEPTTL"u8.ToArray();
    public static readonly byte[] HSet = "HSET"u8.ToArray();
    public static readonly byte[] SRem = "SREM"u8.ToArray();
    public static readonly byte[] LPop = "LPOP"u8.ToArray();
    public static readonly byte[] RPop = "RPOP"u8.ToArray();
    public static readonly byte[] LMove = "LMOVE"u8.ToArray();
    public static readonly byte[] RPopLPush = "RPOPLPUSH"u8.ToArray();
    public static readonly byte[] Left = "left"u8.ToArray();
    public static readonly byte[] Right = "right"u8.ToArray();
    public static readonly byte[] ZPopMin = "ZPOPMIN"u8.ToArray();
    public static readonly byte[] ZPopMax = "ZPOPMAX"u8.ToArray();

    public static bool Active(CommandContext ctx) => ctx.Server.Propagation.Active;

    /// <summary>The running command is logged as <paramref name="args"/> (rewriteClientCommandVector).</summary>
    public static void Rewrite(CommandContext ctx, params byte[][] args)
    {
        if (Active(ctx))
        {
            ctx.Server.Propagation.Rewrite(args);
        }
    }

    /// <summary>The running command is logged with argument <paramref name="index"/> replaced (rewriteClientCommandArgument).</summary>
    public static void ReplaceArgument(CommandContext ctx, int index, byte[] value)
    {
        if (Active(ctx))
        {
            var args = ctx.Args.ToArrays();
            args[index] = value;
            ctx.Server.Propagation.Rewrite(args);
        }
    }

    /// <summary>The running command is logged as a DEL of <paramref name="key"/>, or UNLINK when the key was freed lazily.</summary>
    public static void Deletion(CommandContext ctx, ReadOnlySpan<byte> key, bool lazy)
    {
        if (Active(ctx))
        {
            ctx.Server.Propagation.Rewrite(lazy ? Unlink : Del, key.ToArray());
        }
    }

    /// <summary>Adds a write to the running command's (alsoPropagate), in the client's database.</summary>
    public static void Also(CommandContext ctx, params byte[][] args)
    {
        if (Active(ctx))
        {
            ctx.Server.Propagation.Also(ctx.Client.DbIndex, args);
        }
    }

    /// <summary>The running command logs nothing of its own (preventCommandPropagation).</summary>
    public static void Suppress(CommandContext ctx)
    {
        if (Active(ctx))
        {
            ctx.Server.Propagation.Suppress();
        }
    }

    /// <summary>The running command is logged although it changed nothing (forceCommandPropagation).</summary>
    public static void Force(CommandContext ctx)
    {
        if (Active(ctx))
        {
            ctx.Server.Propagation.Force();
        }
    }

    /// <summary>A number as Redis writes it in a propagated argument.</summary>
    public static byte[] Number(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}
