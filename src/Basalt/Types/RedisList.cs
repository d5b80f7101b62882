using Basalt.Text;
using Basalt.Types.Encodings;

namespace Basalt.Types;

/// <summary>
/// A list value. Redis 7.0 keeps every list in a quicklist (listpack-encoded lists came with 7.2),
/// so OBJECT ENCODING always answers "quicklist", even for one element. The quicklist itself is
/// the other half of this class (Quicklist.cs), so that a list costs one object plus its nodes.
/// </summary>
public sealed partial class RedisList : RedisObject
{
    /// <param name="fill">list-max-listpack-size when the list is created (later changes do not
    /// affect it); clamped to [-5, 32767] as quicklistSetFill does.</param>
    public RedisList(int fill)
    {
        Fill = Math.Clamp(fill, FillMin, FillMax);
    }

    public override RedisType Type => RedisType.List;

    public override string EncodingName => "quicklist";

    /// <summary>A copy with the same node layout (quicklistDup).</summary>
    public override RedisObject DeepCopy()
    {
        var copy = new RedisList(Fill);
        copy.CopyNodesFrom(this);
        return copy;
    }

    /// <summary>
    /// A copy that shares every node with this list, which then belongs to a snapshot: the copy
    /// copies a node only before it first changes it, so a snapshot of a list of millions of
    /// elements costs the node array at once and, later, only the nodes that writers touch.
    /// </summary>
    public override RedisObject CopyForSnapshot(out long copiedBytes)
    {
        var copy = new RedisList(Fill);
        copy.ShareNodesOf(this);
        copiedBytes = ObjectSize + (_nodes is Listpack[] array ? 24 + (8L * array.Length) : 0);
        return copy;
    }

    /// <summary>
    /// The heap bytes of this object on the 64-bit CoreCLR: the header, the node array or node, the
    /// shared-node set, the element count, the cached node size, the node count and the fill.
    /// </summary>
    internal const int ObjectSize = 56;

    /// <summary>This object and its nodes.</summary>
    public override long ApproximateSize => ObjectSize + NodesSize;

    /// <summary>
    /// The list part of DEBUG DIGEST (xorObjectDigest for OBJ_LIST): each element's text mixed in,
    /// head to tail. The caller mixes the type code before and the expire marker after.
    /// </summary>
    public void MixDigest(Span<byte> digest)
    {
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        foreach (var node in Nodes)
        {
            for (var pos = node.First; pos >= 0; pos = node.Next(pos))
            {
                RedisDigest.Mix(digest, node.Get(pos).AsSpan(scratch));
            }
        }
    }
}
