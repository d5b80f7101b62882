namespace Basalt.Commands;

/// <summary>Builds the command table from the command families, one file each.</summary>
public static class CommandRegistry
{
    public static CommandTable Build()
    {
        var table = new CommandTable();
        ConnectionCommands.Register(table);
        StringCommands.Register(table);
        StringCounterCommands.Register(table);
        StringRangeCommands.Register(table);
        BitCommands.Register(table);
        BitFieldCommand.Register(table);
        HyperLogLogCommands.Register(table);
        LcsCommand.Register(table);
        ListCommands.Register(table);
        KeyCommands.Register(table);
        ExpireCommands.Register(table);
        ScanCommands.Register(table);
        ObjectCommand.Register(table);
        DatabaseCommands.Register(table);
        TransactionCommands.Register(table);
        AuthCommand.Register(table);
        HelloCommand.Register(table);
        ClientCommand.Register(table);
        MonitorCommand.Register(table);
        PubSubCommands.Register(table);
        TimeCommand.Register(table);
        RoleCommand.Register(table);
        ShutdownCommand.Register(table);
        DebugCommand.Register(table);
        InfoCommand.Register(table);
        ConfigCommand.Register(table);
        CommandCommand.Register(table);
        SlowlogCommand.Register(table);
        LatencyCommand.Register(table);
        SetCommands.Register(table);
        HashCommands.Register(table);
        SortedSetCommands.Register(table);
        GeoCommands.Register(table);
        StreamCommands.Register(table);
        SortCommand.Register(table);
        PersistenceCommands.Register(table);
        DumpRestoreCommands.Register(table);
        MemoryCommand.Register(table);
        BackupCommand.Register(table);
        return table;
    }
}
