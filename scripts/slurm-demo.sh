#!/usr/bin/env bash
# A sharded run on a real Slurm: starts a one-node cluster on this machine (loopback
# only), submits `sroi run --shard K/N` as a job array, merges the parts, and checks the
# merged output against the same run in one process, byte for byte.
#
#   apt-get install -y slurm-wlm munge        (Debian or Ubuntu; once, as root)
#   scripts/slurm-demo.sh [DRAWS] [SHARDS]    (default 20000000 draws in 4 shards)
#
# Everything the cluster writes goes under $WORK (default /tmp/sroi-slurm-demo); the
# daemons this script starts are stopped when it ends. Run it as root from the repository.
set -euo pipefail

DRAWS=${1:-20000000}
SHARDS=${2:-4}
MODEL=models/social-prescribing-link-worker.toml
WORK=${WORK:-/tmp/sroi-slurm-demo}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

for tool in munged slurmctld slurmd sbatch squeue sinfo; do
    command -v "$tool" >/dev/null || {
        echo "needs $tool: apt-get install -y slurm-wlm munge" >&2
        exit 2
    }
done
[ "$(id -u)" = 0 ] || { echo "run as root (it starts slurmctld, slurmd and munged)" >&2; exit 2; }

cd "$ROOT"
[ -n "${SROI_NO_BUILD:-}" ] || cargo build --release --quiet
SROI=$ROOT/target/release/sroi

rm -rf "$WORK"
mkdir -p "$WORK"/{spool,state,log,parts}
NODE=$(hostname -s)
CPUS=$(nproc)
export SLURM_CONF=$WORK/slurm.conf
cat >"$SLURM_CONF" <<EOF
ClusterName=sroi-demo
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
SlurmctldPort=6817
SlurmdPort=6818
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmdSpoolDir=$WORK/spool
StateSaveLocation=$WORK/state
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=demo Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF

started=()
stop() {
    for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop EXIT

# munge: a key if there is none, and the daemon if it is not running.
if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chmod 400 /etc/munge/munge.key
fi
mkdir -p /run/munge /var/log/munge /var/lib/munge
if ! munge -n >/dev/null 2>&1; then
    munged --force --pid-file="$WORK/munged.pid"
    sleep 1
    started+=("$(cat "$WORK/munged.pid")")
fi

slurmctld -i
sleep 1
started+=("$(cat "$WORK/slurmctld.pid")")
slurmd -N "$NODE"
sleep 1
started+=("$(cat "$WORK/slurmd.pid")")
for _ in $(seq 30); do
    sinfo -h -o %T | grep -q idle && break
    sleep 1
done
echo "== the cluster"
sinfo

cat >"$WORK/shards.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=sroi
#SBATCH --array=1-$SHARDS
#SBATCH --cpus-per-task=1
#SBATCH --output=$WORK/log/sroi-%A-%a.out
cd "$ROOT"
exec "$SROI" run $MODEL -n $DRAWS --shard "\${SLURM_ARRAY_TASK_ID}/\${SLURM_ARRAY_TASK_COUNT}" \\
    -o "$WORK/parts/part-\${SLURM_ARRAY_TASK_ID}.json"
EOF

echo "== sbatch --array=1-$SHARDS: $DRAWS draws of $MODEL"
start=$(date +%s.%N)
job=$(sbatch --parsable "$WORK/shards.sbatch")
echo "job $job"
while squeue -h -j "$job" 2>/dev/null | grep -q .; do sleep 2; done
array_done=$(date +%s.%N)
sacct_state=$(scontrol show job "$job" 2>/dev/null | grep -o 'JobState=[A-Z]*' | sort | uniq -c || true)
echo "array finished in $(echo "$array_done - $start" | bc) s ${sacct_state:+($sacct_state)}"
ls -l "$WORK/parts"

echo "== sroi merge"
"$SROI" merge "$WORK"/parts/part-*.json --format json -o "$WORK/merged.json"
"$SROI" merge "$WORK"/parts/part-*.json
merged=$(date +%s.%N)
echo "merged in $(echo "$merged - $array_done" | bc) s"

echo "== the same run in one process"
/usr/bin/time -f "%e s, peak %M KB" "$SROI" run $MODEL -n "$DRAWS" --format json -o "$WORK/single.json"
if cmp "$WORK/merged.json" "$WORK/single.json"; then
    echo "merged output identical, byte for byte, to the single run"
else
    echo "MERGED OUTPUT DIFFERS" >&2
    exit 1
fi
