mlgate chek
