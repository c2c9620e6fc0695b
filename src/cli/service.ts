// The systemd unit file for mox, as quickstart writes it and `mox config printservice` prints.

/**
 * Returns the systemd service file for a mox installed in `home` (binary `home/mox`, config
 * and data directories below it). mox starts as root and drops privileges itself after
 * binding its ports; the unit limits what the process can reach.
 */
export function serviceFile(home: string): string {
  return `[Unit]
Description=mox mail server
After=network-online.target
Wants=network-online.target

[Service]
UMask=007
LimitNOFILE=65535
Type=simple
# mox starts as root and switches to its own user once its ports are bound.
WorkingDirectory=${home}
ExecStart=${home}/mox serve
RestartSec=5s
Restart=always
ExecStop=${home}/mox stop
SyslogFacility=mail

# Sandboxing: fewer ways for a compromised process to affect the system.
PrivateDevices=yes
PrivateTmp=yes
ProtectSystem=strict
ReadWritePaths=${home}/config ${home}/data
ProtectKernelTunables=yes
ProtectControlGroups=yes
AmbientCapabilities=
CapabilityBoundingSet=CAP_SETUID CAP_SETGID CAP_NET_BIND_SERVICE CAP_CHOWN CAP_FSETID CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_KILL
NoNewPrivileges=yes
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK
ProtectProc=invisible
RestrictNamespaces=yes
RestrictRealtime=yes
RemoveIPC=yes
ProtectHostname=yes
ProtectClock=yes
ProtectKernelLogs=yes
ProtectKernelModules=yes
MemoryDenyWriteExecute=yes
LockPersonality=yes
DevicePolicy=closed
SystemCallArchitectures=native
SystemCallFilter=@system-service

# Not set: RestrictSUIDSGID conflicts with setgid directories.
#RestrictSUIDSGID=yes

# Not set: it seems to stop CAP_NET_BIND_SERVICE from working.
#PrivateUsers=yes

# Review the sandboxing settings with:
# sudo systemd-analyze security mox.service

[Install]
WantedBy=multi-user.target
`;
}
