# Shared settings of the LXD lab scripts (sourced).
L=/tmp/shadowtap-lab/lxd
PORT=18443                                  # the plain-HTTP TCP bridge to the daemon's unix socket (recorded)
export LXD_DIR=$L/daemon                    # the daemon's state directory (fresh each run)
CLIENT=$L/client                            # the client side: LXD_DIR of the lxc CLI, its unix socket is a bridge too
BASE=http://127.0.0.1:$PORT
IMG=$L/images                               # the small images built by drive/image/build.sh

# enter_lab_ns SCRIPT: run SCRIPT again in private network and mount namespaces (unshare, as root) unless already
# there: only loopback, a fresh sysfs so /sys/class/net shows the namespace's interfaces (LXD reads its bridges there),
# and the cgroup tree bound back at /sys/fs/cgroup (see record.sh).
enter_lab_ns() {
  [ -n "${LXD_LAB_NS:-}" ] && return 0
  exec env LXD_LAB_NS=1 unshare --net --mount --propagation private -- bash -c '
    ip link set lo up
    mkdir -p /run/lxd-lab-cgroup && mount --bind /sys/fs/cgroup /run/lxd-lab-cgroup
    mount -t sysfs sysfs /sys && mount --bind /run/lxd-lab-cgroup /sys/fs/cgroup
    exec bash "$0"' "$1"
}
