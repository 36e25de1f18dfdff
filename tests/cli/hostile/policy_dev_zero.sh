# An endless input stops at the size limit.
timeout 10 mlgate lint /dev/zero
