-- Restores a backup of one database as RestoreTest_ and its name, its files beside the
-- originals under new names: never over the database itself (no REPLACE).
DECLARE @file nvarchar(400) = NULL; -- the full path of the backup file
DECLARE @source sysname = N'Surveillance'; -- the database the backup is of
DECLARE @test sysname = N'RestoreTest_' + @source;
IF @file IS NULL THROW 50000, N'Write the backup file''s path into @file first.', 1;
IF DB_ID(@source) IS NULL THROW 50000, N'No database of the name in @source here.', 1;
IF DB_ID(@test) IS NOT NULL THROW 50000, N'The test database exists: delete it first.', 1;
DECLARE @restore nvarchar(max) = N'RESTORE DATABASE ' + QUOTENAME(@test) + N' FROM DISK = @file WITH CHECKSUM';
SELECT @restore += N', MOVE N''' + REPLACE(name, N'''', N'''''') + N''' TO N'''
    + REPLACE(LEFT(physical_name, LEN(physical_name) - CHARINDEX(N'\', REVERSE(physical_name)) + 1), N'''', N'''''')
    + REPLACE(@test, N'''', N'''''') + N'_' + CAST(file_id AS nvarchar(10)) + CASE type WHEN 1 THEN N'.ldf' ELSE N'.mdf' END + N''''
FROM sys.master_files WHERE database_id = DB_ID(@source);
EXEC sp_executesql @restore, N'@file nvarchar(400)', @file;
DBCC CHECKDB (@test) WITH NO_INFOMSGS;
DECLARE @drop nvarchar(300) = N'DROP DATABASE ' + QUOTENAME(@test) + N';';
EXEC (@drop);
