#!/usr/bin/env bash
# Builds the lab's small images (a few hundred bytes each) into $IMG: no image server is reachable here.
#  - alpine-3.18: split format (metadata tarball + rootfs tarball), for `lxc image import META ROOTFS`
#  - debian-12-cloud: unified format (one tarball: metadata.yaml, templates/, rootfs/), with a hostname template
#  - busybox-edge: unified, imported by the REST script (POST /1.0/images with the tarball as the body)
# Each rootfs holds /sbin/init (init.S: a PID 1 that waits for SIGPWR/SIGTERM), /bin/healthcheck (healthcheck.S:
# prints one line), /etc/os-release and /etc/hostname, so containers really start and `lxc exec` works.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../env.sh"
rm -rf "$IMG" && mkdir -p "$IMG/bin"
gcc -nostdlib -static -s -o "$IMG/bin/init" "$HERE/init.S"
gcc -nostdlib -static -s -o "$IMG/bin/healthcheck" "$HERE/healthcheck.S"
mkroot() {  # $1 dir, $2 os name, $3 version
  mkdir -p "$1"/{sbin,bin,etc,root,var/log,srv/app}
  cp "$IMG/bin/init" "$1/sbin/init"; cp "$IMG/bin/healthcheck" "$1/bin/healthcheck"
  printf 'NAME="%s"\nVERSION_ID=%s\nPRETTY_NAME="%s %s (lab)"\n' "$2" "$3" "$2" "$3" > "$1/etc/os-release"
  echo localhost > "$1/etc/hostname"
  echo "# app config" > "$1/srv/app/app.conf"
}
T=1701388800
# alpine/3.18, split
d=$IMG/alpine; mkdir -p $d/meta; mkroot $d/rootfs "Alpine Linux" 3.18.4
cat > $d/meta/metadata.yaml <<M
architecture: x86_64
creation_date: $T
properties:
  description: Alpine 3.18 amd64 (20231201_13:00)
  os: alpine
  release: "3.18"
  variant: default
M
tar --owner=0 --group=0 --mtime=@$T -C $d/meta -czf $IMG/alpine-3.18.meta.tar.gz metadata.yaml
tar --owner=0 --group=0 --mtime=@$T -C $d/rootfs -czf $IMG/alpine-3.18.rootfs.tar.gz .
# debian/12/cloud, unified with a template
d=$IMG/debian; mkdir -p $d/templates; mkroot $d/rootfs "Debian GNU/Linux" 12
cat > $d/metadata.yaml <<M
architecture: x86_64
creation_date: $((T+3600))
properties:
  description: Debian bookworm amd64 (20231201_05:24) cloud
  os: debian
  release: bookworm
  variant: cloud
templates:
  /etc/hostname:
    when: [create, copy, rename]
    template: hostname.tpl
  /srv/app/instance.env:
    when: [create, copy]
    template: instance-env.tpl
M
echo '{{ container.name }}' > $d/templates/hostname.tpl
printf 'INSTANCE={{ container.name }}\nPROJECT={{ project }}\n' > $d/templates/instance-env.tpl
tar --owner=0 --group=0 --mtime=@$T -C $d -czf $IMG/debian-12-cloud.tar.gz metadata.yaml templates rootfs
# busybox/edge, unified
d=$IMG/busybox; mkroot $d/rootfs BusyBox 1.36.1
cat > $d/metadata.yaml <<M
architecture: x86_64
creation_date: $((T+7200))
properties:
  description: BusyBox edge amd64 (20231201_00:00)
  os: busybox
  release: edge
M
tar --owner=0 --group=0 --mtime=@$T -C $d -czf $IMG/busybox-edge.tar.gz metadata.yaml rootfs
ls -la $IMG/*.tar.gz
