echo '~' > policy.yml
mlgate lint policy.yml
