mlgate lint .
