# Shared settings of the LXD lab scripts (sourced).
L=/tmp/shadowtap-lab/lxd
PORT=18443                                  # the plain-HTTP TCP bridge to the daemon's unix socket (recorded)
export LXD_DIR=$L/daemon                    # the daemon's state directory (fresh each run)
CLIENT=$L/client                            # the client side: LXD_DIR of the lxc CLI, its unix socket is a bridge too
BASE=http://127.0.0.1:$PORT
IMG=$L/images                               # the small images built by drive/image/build.sh
