MATCH (r:IngestRun {status: 'running'}) WHERE r.id <> $id
RETURN r.id AS id, r.command AS command, r.started_at AS started_at, r.pid AS pid,
       r.host AS host, r.process_started AS process_started, properties(r) AS props
