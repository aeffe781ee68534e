# Sourced by the test and benchmark scripts: installs Debian packages the first time they are needed.
# apt-get update runs once per script run, only if something is missing.

apt_install() {
  local sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  if [ -z "${RUNTYPE_APT_UPDATED:-}" ]; then
    $sudo_cmd apt-get update -qq
    RUNTYPE_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
