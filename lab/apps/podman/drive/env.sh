# Sourced by record.sh, routes.sh and the drive scripts: paths, port and the containers configuration the lab's
# Podman service runs with (written under /tmp/shadowtap-lab/podman/conf; the system's /etc/containers is not touched).
#  - storage driver vfs, graph root and run root under $STATE
#  - runc with cgroupfs (cgroups v1 here; crun refuses this hybrid cgroup layout, and runc refuses cgroups=disabled)
#  - containers in the host's network namespace (no bridge, no iptables in the sandbox)
#  - nofile/nproc limits below the sandbox's hard limits (the default 1048576 cannot be set here)
#  - events to a file; no unqualified-search registries (nothing is ever pulled)
B=/tmp/shadowtap-lab/podman
PORT=18920
STATE=$B/state
URL=tcp://127.0.0.1:$PORT
API=http://127.0.0.1:$PORT
IMG=$B/img
mkdir -p "$B/conf" "$STATE"
cat > "$B/conf/containers.conf" <<EOC
[containers]
netns = "host"
cgroups = "enabled"
log_driver = "k8s-file"
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$STATE/events.log"
runtime = "runc"
[network]
network_backend = "netavark"
network_config_dir = "$STATE/networks"
EOC
cat > "$B/conf/storage.conf" <<EOC
[storage]
driver = "vfs"
graphroot = "$STATE/root"
runroot = "$STATE/run"
EOC
cat > "$B/conf/registries.conf" <<EOC
unqualified-search-registries = []
short-name-mode = "permissive"
EOC
export CONTAINERS_CONF=$B/conf/containers.conf CONTAINERS_STORAGE_CONF=$B/conf/storage.conf \
  CONTAINERS_REGISTRIES_CONF=$B/conf/registries.conf
export B PORT STATE URL API IMG
