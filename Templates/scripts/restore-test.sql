-- Restores a backup of one database as RestoreTest_ and its name, its files beside the
-- originals under new names: never over the database itself (no REPLACE).
DECLARE @file nvarchar(400) = NULL; -- the full path of the backup file
DECLARE @source sysname = N'Surveillance'; -- the database the backup is of
DECLARE @test sysname = N'RestoreTest_' + @source;
IF @file IS NULL THROW 50000, N'Write the backup file''s path into @file first.', 1;
IF DB_ID(@source) IS NULL THROW 50000, N'No database of the name in @source here.', 1;
IF DB_ID(@test) IS NOT NULL THROW 50000, N'The test database exists: delete it first.', 1;
IF EXISTS (SELECT 1 FROM sys.master_files WHERE database_id = DB_ID(@source) AND type NOT IN (0, 1))
    THROW 50000, N'The database has files other than data and log files; this script names only those.', 1;
-- A restore creates each file at its full allocated size, not at the size of the backup.
-- Reckoned with the live database's files, disk by disk: each disk must keep a fifth of its
-- size free for the live databases after the test files are there, or nothing is restored.
DECLARE @short nvarchar(2048) = NULL;
SELECT TOP (1) @short = N'The test files need ' + CAST(need / 1048576 AS nvarchar(20)) + N' MB on '
    + volume_mount_point + N', which has ' + CAST(available / 1048576 AS nvarchar(20))
    + N' MB free: too little to keep a fifth of the disk free. Nothing was restored.'
FROM (
    SELECT v.volume_mount_point, MAX(v.total_bytes) AS total, MAX(v.available_bytes) AS available,
        SUM(CAST(f.size AS bigint) * 8192) AS need
    FROM sys.master_files AS f CROSS APPLY sys.dm_os_volume_stats(f.database_id, f.file_id) AS v
    WHERE f.database_id = DB_ID(@source)
    GROUP BY v.volume_mount_point
) AS disks
WHERE available - need < total / 5;
IF @short IS NOT NULL THROW 50000, @short, 1;
-- No CHECKSUM option, so that a backup written without checksums restores too: DBCC CHECKDB
-- below reads every page of the result.
DECLARE @restore nvarchar(max) = N'RESTORE DATABASE ' + QUOTENAME(@test) + N' FROM DISK = @file WITH RECOVERY';
SELECT @restore += N', MOVE N''' + REPLACE(name, N'''', N'''''') + N''' TO N'''
    + REPLACE(LEFT(physical_name, LEN(physical_name) - CHARINDEX(N'\', REVERSE(physical_name)) + 1), N'''', N'''''')
    + REPLACE(@test, N'''', N'''''') + N'_' + CAST(file_id AS nvarchar(10)) + CASE type WHEN 1 THEN N'.ldf' ELSE N'.mdf' END + N''''
FROM sys.master_files WHERE database_id = DB_ID(@source);
EXEC sp_executesql @restore, N'@file nvarchar(400)', @file;
DBCC CHECKDB (@test) WITH NO_INFOMSGS;
DECLARE @drop nvarchar(300) = N'DROP DATABASE ' + QUOTENAME(@test) + N';';
EXEC (@drop);
