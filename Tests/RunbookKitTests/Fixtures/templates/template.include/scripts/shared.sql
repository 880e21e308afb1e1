-- a script shared by procedures, on {first-node.host}
SELECT 1;
