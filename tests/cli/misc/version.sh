mlgate --version
