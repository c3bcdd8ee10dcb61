"""Turn YAML role-play scenarios into an interactive customer-service training site."""
