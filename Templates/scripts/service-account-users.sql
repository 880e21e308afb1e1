-- in each database whose name starts with Surveillance:
SELECT DB_NAME() AS database_name, dp.name AS user_name, r.name AS role_name
FROM sys.database_principals AS dp
LEFT JOIN sys.database_role_members AS m ON m.member_principal_id = dp.principal_id
LEFT JOIN sys.database_principals AS r ON r.principal_id = m.role_principal_id
WHERE dp.sid = SUSER_SID(N'{xprotect.service-account}');
