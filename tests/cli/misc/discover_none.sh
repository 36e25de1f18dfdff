mlgate check
