#!/usr/bin/env bash
# Builds the lab's images' root filesystems without any registry:
#  - tiny-rootfs.tar.gz: /bin/tiny (drive/image/tiny.c: a 648-byte static binary, no libc, that prints a line and
#    sleeps) and /etc/passwd; gzip'ed about 470 bytes. The clients import it through the API (captured).
#  - busybox-rootfs.tar: Debian's busybox-static (about 2 MB), imported into the store by the local podman before the
#    service starts (not captured: it would not fit the lab's size budget), so that `exec` has a shell.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
B=/tmp/shadowtap-lab/podman/img
mkdir -p "$B"
if [ ! -s "$B/tiny-rootfs.tar.gz" ]; then
  gcc -Os -static -nostdlib -fno-stack-protector -fno-asynchronous-unwind-tables -Wl,--build-id=none \
    -Wl,-z,noseparate-code -s -o "$B/tiny" "$HERE/tiny.c"
  rm -rf "$B/tiny-root"; mkdir -p "$B/tiny-root/bin" "$B/tiny-root/etc"
  cp "$B/tiny" "$B/tiny-root/bin/tiny"
  echo 'root:x:0:0:root:/:/bin/tiny' > "$B/tiny-root/etc/passwd"
  tar --sort=name --mtime=2026-01-01 --owner=0 --group=0 -C "$B/tiny-root" -cf - . | gzip -9n > "$B/tiny-rootfs.tar.gz"
fi
if [ ! -s "$B/busybox-rootfs.tar" ]; then
  rm -rf "$B/bb-root"; mkdir -p "$B/bb-root/bin" "$B/bb-root/etc" "$B/bb-root/tmp" "$B/bb-root/srv"
  cp /bin/busybox "$B/bb-root/bin/busybox"
  for c in sh ls cat echo sleep true env hostname ps uname id wc date; do ln -sf busybox "$B/bb-root/bin/$c"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$B/bb-root/etc/passwd"
  echo 'root:x:0:' > "$B/bb-root/etc/group"
  printf 'listen=8080\nworkers=4\n' > "$B/bb-root/srv/app.conf"
  tar --sort=name --mtime=2026-01-01 --owner=0 --group=0 -C "$B/bb-root" -cf "$B/busybox-rootfs.tar" .
fi
ls -la "$B/tiny-rootfs.tar.gz" "$B/busybox-rootfs.tar"
