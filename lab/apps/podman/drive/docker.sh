#!/usr/bin/env bash
# The Docker CLI 20.10.24 (Debian docker.io, /usr/bin/docker) against Podman's Docker-compatible API
# (DOCKER_HOST=tcp://127.0.0.1:$PORT; HEAD /_ping negotiation, then /v1.41/...), as a developer whose scripts and
# habits are Docker's: listing, inspecting, tagging, volumes, networks, containers, exec, logs, a failed pull and login.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
export DOCKER_HOST=$URL DOCKER_CONFIG=$B/work/docker-config
mkdir -p "$DOCKER_CONFIG" "$B/work/docker"
d() { echo "+ docker $*"; /usr/bin/docker "$@"; local rc=$?; [ $rc -ne 0 ] && echo "  (exit $rc)"; return 0; }

d version
d info --format '{{.ServerVersion}} {{.Driver}} {{.Containers}} containers'
d images
d images --filter reference='localhost/team-a/*'
d image inspect localhost/team-a/web:1.3 --format '{{.Config.Labels}}'
d image inspect registry.example.com/payments/api:v3.1.0 --format '{{.RepoTags}}'
d image history localhost/ops/cron_runner:2026.12.07
d tag localhost/team-a/web:1.3 localhost/team-a/web:1.3-docker
d tag quay.io/acme/worker:0.9 localhost/acme/worker_legacy:0.9.0
d image inspect localhost/acme/worker_legacy:0.9.0 --format '{{.Id}}'
d rmi localhost/team-a/web:1.3-docker
d rmi localhost/team-a/web:9.9                                      # no such tag
d pull localhost:5000/library/nginx:1.25                            # no registry there
d save -o "$B/work/docker/worker.tar" quay.io/acme/worker:0.9
d rmi quay.io/acme/worker:0.9
d load -i "$B/work/docker/worker.tar"
mkdir -p "$B/work/docker/ctx"; printf 'FROM localhost/team-a/web:1.2\nLABEL built-with=docker-cli\nCOPY motd /etc/motd\n' > "$B/work/docker/ctx/Dockerfile"
echo 'Welcome to the CI agent' > "$B/work/docker/ctx/motd"
d build -t localhost/ci/agent-motd:0.1 "$B/work/docker/ctx"
d image inspect localhost/ci/agent-motd:0.1 --format '{{.Config.Labels}}'
d volume create jenkins_home
d volume create --label owner=ci --label purpose=cache npm-cache
d volume ls
d volume inspect jenkins_home
d volume inspect npm_cache                                           # typo
d network create ci-net
d network create --label owner=ci build_cache_net
d network ls
d network inspect ci-net
d network inspect bridge --format '{{.Name}} {{.Driver}}'
d network inspect ci_net                                             # typo
d secret ls
d create --name jenkins-agent-1 --label owner=ci -v jenkins_home:/var/jenkins_home docker.io/library/busybox:1.36 sleep 3600
d create --name npmBuilder --label owner=ci docker.io/library/busybox:1.36 sh -c 'echo npm ci; echo build ok'
d create --name lint_runner localhost/team-a/web:1.2
d ps -a
d ps -a --filter label=owner=ci --format '{{.Names}} {{.Status}}'
d start jenkins-agent-1 npmBuilder
d wait npmBuilder
d logs npmBuilder
d exec jenkins-agent-1 sh -c 'echo agent ready; uname -r'
d exec -it jenkins-agent-1 true 2>/dev/null                          # no TTY here: the CLI refuses before any call
d top jenkins-agent-1
d stats --no-stream jenkins-agent-1
d inspect jenkins-agent-1 --format '{{.State.Status}} {{.HostConfig.Binds}}'
d inspect jenkins_agent_1                                            # typo
d port jenkins-agent-1
d network connect ci-net jenkins-agent-1                             # host network here: refused
d network disconnect ci-net jenkins-agent-1
d diff jenkins-agent-1
d rename lint_runner lintRunner-2
d cp "$HERE/env.sh" jenkins-agent-1:/tmp/env.sh
d cp jenkins-agent-1:/etc/passwd "$B/work/docker/passwd"
d pause jenkins-agent-1
d unpause jenkins-agent-1
d restart -t 1 jenkins-agent-1
d kill jenkins-agent-1
d container prune -f --filter label=owner=ci
d events --since 10m --until 1s --filter type=container --filter event=start
d system df
d node inspect worker-02                                             # swarm: not in Podman
d swarm unlock-key
d service ls
d login -u deploy -p not-a-real-pass localhost:5000                  # no registry there
d rm -f jenkins-agent-1 lintRunner-2
d rm jenkins-agent-1                                                 # gone already
d volume rm npm-cache
d volume prune -f --filter label=owner=ci
d network rm ci-net build_cache_net
d rmi localhost/acme/worker_legacy:0.9.0 localhost/ci/agent-motd:0.1
