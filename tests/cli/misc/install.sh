# make install honours PREFIX and DESTDIR and installs the man page.
MAKEFLAGS= MFLAGS= make -s -C "$ROOT" install BIN="$MLGATE_BIN" -o "$MLGATE_BIN" DESTDIR="$PWD/stage" PREFIX=/opt/mlgate || exit 1
test -x stage/opt/mlgate/bin/mlgate && test -f stage/opt/mlgate/share/man/man1/mlgate.1 && echo installed
stage/opt/mlgate/bin/mlgate --version | grep -q '^mlgate 0.1.0'
