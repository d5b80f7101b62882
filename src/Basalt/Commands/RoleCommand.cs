namespace Basalt.Commands;

/// <summary>
/// ROLE (roleCommand): Basalt is always a master without replicas, so the reply is "master", the
/// replication offset INFO replication reports as master_repl_offset, and an empty replica list.
/// </summary>
public static class RoleCommand
{
    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("role", 1, CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale | CommandFlags.Fast,
            0, 0, 0, "@admin @fast @dangerous", "server", "2.8.12",
            "Return the role of the instance in the context of replication", Role));
    }

    private static void Role(CommandContext ctx)
    {
        ctx.Reply.ArrayHeader(3);
        ctx.Reply.Bulk("master"u8);
        ctx.Reply.Integer(ctx.Server.Replication.MasterReplicationOffset);
        ctx.Reply.ArrayHeader(0);
    }
}
