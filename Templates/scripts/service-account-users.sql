-- The service account's user and its database roles in every XProtect database (each whose
-- name starts with Surveillance), in one list: no database is left out by hand.
DECLARE @list nvarchar(max) = N'';
SELECT @list += CASE WHEN @list = N'' THEN N'' ELSE N' UNION ALL ' END
    + N'SELECT N' + QUOTENAME(name, '''') + N' AS database_name, dp.name AS user_name, r.name AS role_name FROM '
    + QUOTENAME(name) + N'.sys.database_principals AS dp LEFT JOIN '
    + QUOTENAME(name) + N'.sys.database_role_members AS m ON m.member_principal_id = dp.principal_id LEFT JOIN '
    + QUOTENAME(name) + N'.sys.database_principals AS r ON r.principal_id = m.role_principal_id'
    + N' WHERE dp.sid = @account'
FROM sys.databases WHERE name LIKE N'Surveillance%' AND state_desc = N'ONLINE';
DECLARE @account varbinary(85) = SUSER_SID(N'{xprotect.service-account}');
IF @account IS NULL THROW 50000, N'The service account has no login on this SQL Server.', 1;
EXEC sp_executesql @list, N'@account varbinary(85)', @account;
