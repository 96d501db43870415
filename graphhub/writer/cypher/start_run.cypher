CREATE (r:IngestRun {id: $id, command: $command, started_at: $now, status: 'running',
                     pid: $pid, host: $host, process_started: $process_started})
