from airflow import DAG

dag = DAG("${{ values.dagId }}", schedule="${{ values.schedule }}")
