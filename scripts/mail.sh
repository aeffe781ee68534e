# Sourced by scripts/test.sh: real mail servers for the email surface's tests, on loopback ports of their own.
# start_mail installs Debian's dovecot-imapd and exim4-daemon-light if they are missing, starts Dovecot (IMAP) and
# Exim (SMTP) in a temporary directory with a self-signed certificate and exports RUNTYPE_TEST_MAIL, which
# tests/Testing/MailServer.cs reads:
#   host=127.0.0.1;imap=P;imaps=P;smtp=P;submission=P;smtps=P;password=...;smtpUser=...;smtpPassword=...;ca=<pem>
# - IMAP: any user name logs in with `password` (a test makes its own mailbox by choosing a new address); `imap` is
#   plain with STARTTLS, `imaps` implicit TLS.
# - SMTP: `smtp` takes mail without authentication (no TLS offered), `submission` requires STARTTLS and AUTH, `smtps`
#   is implicit TLS with AUTH (smtpUser / smtpPassword). Every recipient at any domain is accepted and delivered
#   (dovecot-lda) into the IMAP mailbox named by the recipient address.
# The caller stops both with stop_mail (scripts/test.sh does so in its EXIT trap). Needs root, as the packages do.
#
# Why Exim and not OpenSMTPD: Debian 12's OpenSMTPD (6.8) cannot finish a TLS handshake as a server with OpenSSL 3
# (its privilege-separated key process fails with "missing private key"), so STARTTLS and SMTPS would never work.

source "$(dirname "${BASH_SOURCE[0]}")/debian.sh"

install_mail_packages() {
  # The packages' maintainer scripts would start the system-wide daemons; a policy-rc.d answering 101 ("action
  # forbidden") keeps them from it for the length of the install, and whatever policy was there before comes back.
  # Exim conflicts with every other mail server package: --no-remove fails the install rather than take one away.
  local policy=/usr/sbin/policy-rc.d saved="" status=0
  if [ -e "$policy" ]; then
    saved=$(mktemp)
    cp -p "$policy" "$saved"
  fi
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  apt_install --no-remove dovecot-imapd exim4-daemon-light openssl || status=$?
  if [ -n "$saved" ]; then mv "$saved" "$policy"; else rm -f "$policy"; fi
  return "$status"
}

# Sets the variable named $1 to a loopback port nobody listens on, below the kernel's ephemeral range and not among
# those already handed out.
mail_free_port() {
  local candidate attempt
  for attempt in $(seq 1 200); do
    candidate=$((20000 + RANDOM % 12000))
    case " $MAIL_PORTS_TAKEN " in *" $candidate "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      MAIL_PORTS_TAKEN="$MAIL_PORTS_TAKEN $candidate"
      printf -v "$1" '%s' "$candidate"
      return 0
    fi
  done
  echo "no free port for the mail servers" >&2
  return 1
}

# Polls until something accepts connections on the port, and fails at once if the server it waits for has exited.
mail_wait_port() {
  local port=$1 pid=$2 name=$3 log=$4 deadline=$((SECONDS + 30))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "$name is not listening on 127.0.0.1:$port; its log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
}

start_mail() {
  if [ "$(id -u)" != 0 ]; then
    echo "start_mail needs root (Dovecot and Exim switch to their own users)" >&2
    return 1
  fi
  if [ ! -x /usr/sbin/dovecot ] || [ ! -x /usr/lib/dovecot/imap ] || [ ! -x /usr/sbin/exim4 ] || ! command -v openssl >/dev/null; then
    echo "Installing Dovecot and Exim from Debian's packages..."
    install_mail_packages
  fi

  MAIL_TMP=$(mktemp -d /tmp/runtype-mail.XXXXXX)
  # Dovecot's login and auth processes and Exim (each under its own user) walk into it.
  chmod 755 "$MAIL_TMP"
  local imap imaps smtp submission smtps password smtp_user=runtype smtp_password owner=Debian-exim
  MAIL_PORTS_TAKEN=""
  mail_free_port imap && mail_free_port imaps && mail_free_port smtp && mail_free_port submission &&
    mail_free_port smtps || return 1
  password=$(openssl rand -hex 12)
  smtp_password=$(openssl rand -hex 12)

  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$MAIL_TMP/key.pem" -out "$MAIL_TMP/cert.pem" 2>/dev/null
  # Exim reads the key after it has given up root; Dovecot reads it as root.
  chown "root:$owner" "$MAIL_TMP/key.pem"
  chmod 640 "$MAIL_TMP/key.pem"
  chmod 644 "$MAIL_TMP/cert.pem"

  # Exim is started with a configuration of its own (-C), so it delivers without root: as its own user, which
  # therefore owns every mailbox, and Dovecot serves them as that user. A home per (lower-cased) user name.
  install -d -o "$owner" -g "$owner" -m 700 "$MAIL_TMP/homes"
  install -o "$owner" -g "$owner" -m 600 /dev/null "$MAIL_TMP/lda.log"
  # What dovecot-lda reads too (as Exim's user): no password, no key.
  cat >"$MAIL_TMP/mail.conf" <<EOF
base_dir = $MAIL_TMP/run
state_dir = $MAIL_TMP/state
log_path = $MAIL_TMP/lda.log
mail_location = maildir:~/Maildir
# Throwaway mailboxes: no fsync per mail (appending 10,000 mails takes seconds, not minutes).
mail_fsync = never
first_valid_uid = $(id -u "$owner")
EOF
  install -m 600 /dev/null "$MAIL_TMP/dovecot.conf"
  cat >"$MAIL_TMP/dovecot.conf" <<EOF
!include $MAIL_TMP/mail.conf
log_path = $MAIL_TMP/dovecot.log
instance_name = $(basename "$MAIL_TMP")
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$MAIL_TMP/cert.pem
ssl_key = <$MAIL_TMP/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_max_userip_connections = 100
passdb {
  driver = static
  args = password=$password
}
userdb {
  driver = static
  args = uid=$owner gid=$owner home=$MAIL_TMP/homes/%u
}
# Room for many sessions at once (tests in parallel, silos polling): one login process serves many connections.
service imap-login {
  service_count = 0
  client_limit = 1000
  inet_listener imap {
    address = 127.0.0.1
    port = $imap
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $imaps
    ssl = yes
  }
}
service imap {
  process_limit = 1000
}
service auth {
  unix_listener auth-userdb {
    mode = 0600
    user = $owner
  }
}
# No growing delay after failed logins from an address (Dovecot's auth penalty): tests that fail logins on purpose
# would otherwise slow down every later login from 127.0.0.1.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0600
    user = $owner
  }
}
EOF
  /usr/sbin/dovecot -F -c "$MAIL_TMP/dovecot.conf" >>"$MAIL_TMP/dovecot.out" 2>&1 &
  DOVECOT_PID=$!

  install -d -o "$owner" -g "$owner" -m 750 "$MAIL_TMP/exim"
  install -o root -g "$owner" -m 640 /dev/null "$MAIL_TMP/exim.conf"
  # Exim's own $ signs are escaped; the unescaped ones are this script's.
  cat >"$MAIL_TMP/exim.conf" <<EOF
primary_hostname = localhost
spool_directory = $MAIL_TMP/exim
log_file_path = $MAIL_TMP/exim/%slog
pid_file_path = $MAIL_TMP/exim/exim.pid
local_interfaces = <; 127.0.0.1.$smtp ; 127.0.0.1.$submission ; 127.0.0.1.$smtps
tls_on_connect_ports = $smtps
tls_certificate = $MAIL_TMP/cert.pem
tls_privatekey = $MAIL_TMP/key.pem
tls_advertise_hosts = \${if =={\$received_port}{$smtp}{:}{*}}
auth_advertise_hosts = \${if or{{=={\$received_port}{$smtp}}{eq{\$tls_in_cipher}{}}}{:}{*}}
acl_smtp_mail = acl_mail
acl_smtp_rcpt = acl_rcpt
host_lookup =
rfc1413_hosts =
# Many connections at once, and every mail delivered at once, however many one connection brings.
smtp_accept_max = 1000
smtp_accept_queue_per_connection = 0
keep_environment =

begin acl
acl_mail:
  accept condition = \${if =={\$received_port}{$smtp}}
  accept authenticated = *
  deny message = 530 5.7.0 Authentication required
acl_rcpt:
  accept condition = \${if =={\$received_port}{$smtp}}
  accept authenticated = *
  deny message = 530 5.7.0 Authentication required

begin routers
to_dovecot:
  driver = accept
  transport = dovecot_lda

begin transports
dovecot_lda:
  driver = pipe
  # The recipient reaches dovecot-lda through the environment: Exim refuses it (tainted, from the client) in a command.
  command = /bin/sh -c 'exec /usr/lib/dovecot/dovecot-lda -c $MAIL_TMP/mail.conf -d "\\\$RECIPIENT"'
  user = $owner
  group = $owner
  return_path_add
  log_output

begin retry
* * F,1h,5s

begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and {{eq{\$auth2}{$smtp_user}}{eq{\$auth3}{$smtp_password}}}}
  server_set_id = \$auth2
login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = <| Username: | Password:
  server_condition = \${if and {{eq{\$auth1}{$smtp_user}}{eq{\$auth2}{$smtp_password}}}}
  server_set_id = \$auth1
EOF
  /usr/sbin/exim4 -C "$MAIL_TMP/exim.conf" -bdf -q5s >>"$MAIL_TMP/exim.out" 2>&1 &
  EXIM_PID=$!

  mail_wait_port "$imap" "$DOVECOT_PID" Dovecot "$MAIL_TMP/dovecot.log" &&
    mail_wait_port "$imaps" "$DOVECOT_PID" Dovecot "$MAIL_TMP/dovecot.log" &&
    mail_wait_port "$smtp" "$EXIM_PID" Exim "$MAIL_TMP/exim.out" &&
    mail_wait_port "$submission" "$EXIM_PID" Exim "$MAIL_TMP/exim.out" &&
    mail_wait_port "$smtps" "$EXIM_PID" Exim "$MAIL_TMP/exim.out" || return 1

  export RUNTYPE_TEST_MAIL="host=127.0.0.1;imap=$imap;imaps=$imaps;smtp=$smtp;submission=$submission;smtps=$smtps;password=$password;smtpUser=$smtp_user;smtpPassword=$smtp_password;ca=$MAIL_TMP/cert.pem"
  echo "Dovecot $(/usr/sbin/dovecot --version | awk '{print $1}') (IMAP $imap, IMAPS $imaps) and Exim $(/usr/sbin/exim4 -bV 2>/dev/null | awk 'NR == 1 {print $3}') (SMTP $smtp, submission $submission, SMTPS $smtps) on 127.0.0.1, in $MAIL_TMP"
}

# Stops exactly the two servers start_mail started (each takes its own children down on SIGTERM) and deletes the
# directory.
stop_mail() {
  local pid deadline
  for pid in ${EXIM_PID:-} ${DOVECOT_PID:-}; do
    kill -TERM "$pid" 2>/dev/null || continue
    deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  EXIM_PID="" DOVECOT_PID=""
  if [ -n "${MAIL_TMP:-}" ]; then
    rm -rf "$MAIL_TMP"
    MAIL_TMP=""
  fi
}
